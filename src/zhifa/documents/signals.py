"""Signals other apps listen to, sent inside the transaction of the change they announce."""

from django.dispatch import Signal

# Sent by ``services.issue`` after a document is issued and journalled, before the transaction commits:
# ``document`` (issued), ``actor``, ``docx`` (the final DOCX bytes, number and date filled in) and
# ``previous`` (the document it corrects, or None). A receiver that raises rolls the issue back, so
# whatever it records exists exactly when the issued document does (the disclosure app opens the
# decision's disclosure this way, P12).
document_issued = Signal()
