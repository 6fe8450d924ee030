from . import oms_outbox_job
