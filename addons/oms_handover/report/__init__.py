from . import oms_kpi_base_report
from . import oms_cycle_time_report
from . import oms_stage_time_report
from . import oms_feedback_report
from . import oms_stage_time_summary
