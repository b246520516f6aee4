"""The CMVT study: the workflow (``pipeline``) and its report (``report``)."""
