"""Protocol: visits from request to debrief, programme and precedence, gifts, briefings."""

from django.apps import AppConfig


class ProtocolConfig(AppConfig):
    name = "citydiplomacy.protocol"
    label = "protocol"
    verbose_name = "Protocol"
    layer = "office"

    def ready(self) -> None:
        from citydiplomacy.core.history.hooks import before_delete
        from citydiplomacy.protocol.registrations import register
        from citydiplomacy.protocol.services import detach_contact

        before_delete(detach_contact)
        register()
