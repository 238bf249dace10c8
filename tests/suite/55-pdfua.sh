# PDF/UA-1: tests/pdfua_check.py, the machine-checkable part of the
# Matterhorn Protocol that applies to octavo's PDFs, first tried on small
# hand-made PDFs that each break one of its rules (and one that breaks
# none), so that each rule is seen to fail for its own reason.
check "pdfua/checker-selftest" tests/pdfua_selftest.py "$TMP/pdfua-selftest"
