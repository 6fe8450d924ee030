"""Two users dispatching the same order at once cannot over-ship: the order row is locked.

Needs two real database connections, so it commits its own order (post-install) and archives it after.
"""

from odoo import SUPERUSER_ID, Command, api
from odoo.exceptions import UserError
from odoo.modules.registry import Registry
from odoo.tests import BaseCase, get_db_name, tagged


@tagged("post_install", "-at_install")
class TestConcurrentDispatch(BaseCase):
    def setUp(self):
        super().setUp()
        self.registry = Registry(get_db_name())
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            warehouse = env["stock.warehouse"].search([("company_id", "=", env.company.id)], limit=1)
            partner = env["res.partner"].create({"name": "Concurrent Dispatch Customer"})
            transporter = env["res.partner"].create(
                {"name": "Concurrent Carrier", "oms_is_transporter": True}
            )
            product = env["product.product"].create({"name": "Concurrent Dispatch Item", "is_storable": True})
            env["stock.quant"]._update_available_quantity(product, warehouse.lot_stock_id, 10.0)
            order = env["sale.order"].create(
                {
                    "partner_id": partner.id,
                    "warehouse_id": warehouse.id,
                    "order_line": [Command.create({"product_id": product.id, "product_uom_qty": 10})],
                    "oms_transporter_id": transporter.id,
                    "oms_vehicle_number": "KA01AB1234",
                    "oms_driver_name": "Ravi",
                    "oms_driver_phone": "9876543210",
                    "oms_expected_dispatch_date": "2030-01-01",
                }
            )
            order.action_confirm()
            stage = env["oms.stage"].search([("code", "=", "partial_dispatch")])
            order._oms_write_protected({"oms_stage_id": stage.id})
            # The racing tranche is planned and invoiced (an invoice per tranche) before the race.
            as_admin = order.with_user(env.ref("base.user_admin"))
            as_admin._oms_plan_tranche({as_admin.order_line: 6})
            invoice = env["account.move"].browse(as_admin.action_oms_invoice_tranche()["res_id"])
            invoice.action_post()
            self.ids = {
                "order": order.id,
                "line": order.order_line.id,
                "records": [partner.id, transporter.id],
            }
            self.product_id = product.id
        self.addCleanup(self.archive_fixture)

    def archive_fixture(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            order = env["sale.order"].browse(self.ids["order"])
            order.with_context(disable_cancel_warning=True).sudo().write({"locked": False})
            order._action_cancel()
            env["product.product"].browse(self.product_id).active = False
            env["res.partner"].browse(self.ids["records"]).active = False

    def dispatch(self, cr, quantity):
        admin = api.Environment(cr, SUPERUSER_ID, {}).ref("base.user_admin")
        env = api.Environment(cr, admin.id, {})
        order = env["sale.order"].browse(self.ids["order"])
        return order._oms_dispatch_tranche({env["sale.order.line"].browse(self.ids["line"]): quantity})

    def delivered(self):
        with self.registry.cursor() as cr:
            cr.execute("SELECT qty_delivered FROM sale_order_line WHERE id = %s", [self.ids["line"]])
            return cr.fetchone()[0]

    def test_second_dispatcher_refused_while_first_holds_the_order(self):
        with self.registry.cursor() as first, self.registry.cursor() as second:
            self.dispatch(first, 6)
            with self.assertRaisesRegex(UserError, "changed meanwhile"):
                self.dispatch(second, 6)
            second.rollback()
            first.commit()
        self.assertEqual(self.delivered(), 6)

    def test_second_dispatcher_with_stale_snapshot_refused_after_first_commits(self):
        with self.registry.cursor() as first, self.registry.cursor() as second:
            second.execute("SELECT qty_delivered FROM sale_order_line WHERE id = %s", [self.ids["line"]])
            self.dispatch(first, 6)
            first.commit()
            with self.assertRaisesRegex(UserError, "changed meanwhile"):
                self.dispatch(second, 6)
            second.rollback()
        self.assertEqual(self.delivered(), 6)
