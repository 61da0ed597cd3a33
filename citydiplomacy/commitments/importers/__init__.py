"""The commitments app's importers, run by `citydiplomacy import <kind>`."""

from citydiplomacy.commitments.importers.cdp_inventories import CdpInventoriesImporter
from citydiplomacy.commitments.importers.cdp_targets import CdpTargetsImporter
from citydiplomacy.commitments.importers.net_zero_tracker import NetZeroTrackerImporter
from citydiplomacy.imports.runs import Importer

IMPORTERS: list[Importer] = [
    CdpInventoriesImporter(),
    CdpTargetsImporter(),
    NetZeroTrackerImporter(),
]
