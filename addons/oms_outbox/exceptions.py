"""What a job tells the outbox about a failure (oms.outbox.job.mixin): raise OmsTransientError from
``_oms_perform`` when trying again later may succeed (timeout, 5xx, malformed reply, the other side down);
raise a UserError when the other side refused the document for good (the job fails at once, with the
reason in plain words)."""


class OmsTransientError(Exception):
    """Raised by a job's ``_oms_perform`` when trying again later may succeed."""
