from . import oms_kpi_warehouse_report
from . import oms_fulfilment_report
from . import oms_pending_purchase_report
from . import oms_dispatch_kpi_report
from . import oms_order_cash_report
