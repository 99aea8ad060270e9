"""Export of a Rencana Induk version (Pasal 8) to PDF (WeasyPrint) and DOCX (python-docx).

Chapters III, IV and the Lampiran carry their written text first, then tables generated from
the program data: chapter III the tree per dimension, chapter IV the roadmap, the Lampiran
the indicators with their targets.
"""

from kotacerdas.masterplan.documents.export import (
    MasterplanExport,
    masterplan_export_context,
    masterplan_export_prepare,
    masterplan_export_ready,
    masterplan_to_docx,
    masterplan_to_pdf,
)

__all__ = [
    "MasterplanExport",
    "masterplan_export_context",
    "masterplan_export_prepare",
    "masterplan_export_ready",
    "masterplan_to_docx",
    "masterplan_to_pdf",
]
