from . import oms_consignment_send_wizard
