"""Godown per warehouse: vouchers carry the godown of the order's warehouse, through the Tally simulator."""

from decimal import Decimal

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from odoo.addons.oms_tally_bridge.tests.common import TallyCommon


@tagged("post_install", "-at_install")
class TestTallyGodown(TallyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.warehouse = cls.env["stock.warehouse"].search([("company_id", "=", cls.company.id)], limit=1)
        cls.warehouse.oms_tally_godown = "Pune <Main> & Co Godown"

    def setUp(self):
        super().setUp()
        self.tally().tracks_godowns = True

    def test_godown_tracking_company_accepts_vouchers_with_the_warehouse_godown(self):
        self.config.tracks_godowns = True
        order = self.confirmed_order()
        self.assertEqual(order.warehouse_id, self.warehouse)
        job = self.jobs_of(order, "sales_order")
        self.run_due()
        self.assertEqual(job.state, "done", job.last_error)
        voucher = self.tally().vouchers[job.remote_id]
        self.assertEqual(voucher.godowns, ("Pune <Main> & Co Godown",))
        self.assertIn("Pune <Main> & Co Godown", self.tally().godowns, "the godown master goes first")
        self.assertIn("<GODOWNNAME>Pune &lt;Main&gt; &amp; Co Godown</GODOWNNAME>", job.request_xml)
        invoice = self.invoice_of(order)
        (refund,) = invoice._reverse_moves([{"ref": "Return"}])
        refund.action_post()
        self.run_due()
        for document, kind in ((invoice, "sales"), (refund, "credit_note")):
            job = self.jobs_of(document, kind)
            self.assertEqual(job.state, "done", job.last_error)
            self.assertEqual(self.tally().vouchers[job.remote_id].godowns, ("Pune <Main> & Co Godown",))
        self.assertEqual(self.tally().voucher_count(), 3)

    def test_without_godown_tally_refuses_silently_and_the_log_says_why(self):
        # The settings do not say Tally keeps godowns, so none is sent: Tally counts an exception only.
        order = self.confirmed_order()
        job = self.jobs_of(order, "sales_order")
        self.run_due()
        self.assertEqual(job.state, "failed")
        self.assertIn("exceptions 1", job.last_error)
        self.assertIn("godown is missing", job.last_error)
        self.assertNotIn("GODOWNNAME", job.request_xml)
        self.assertEqual(self.tally().voucher_count(), 0)
        # Once the settings say so, the retried job carries the godown and Tally takes it.
        self.config.tracks_godowns = True
        job.action_oms_retry()
        self.run_due(job)
        self.assertEqual(job.state, "done", job.last_error)
        self.assertEqual(self.tally().creations[job.remote_id], 1)

    def test_unmapped_warehouse_is_refused_before_sending(self):
        self.config.write({"tracks_godowns": True, "auto_push": False})
        self.warehouse.oms_tally_godown = "  "
        self.assertFalse(self.warehouse.oms_tally_godown, "blank means unmapped")
        order = self.confirmed_order()
        imports = self.sim.imports_received
        with self.assertRaisesRegex(UserError, r"Line 1 \(Test Bearing\) .* has no godown"):
            order.action_oms_tally_push()
        self.assertFalse(self.jobs_of(order))
        self.assertEqual(self.sim.imports_received, imports)

    def test_godown_defaults_to_the_warehouse_name_and_only_administrators_change_it(self):
        company = self.env["res.company"].create({"name": "Godown Test Co"})
        warehouse = self.env["stock.warehouse"].create(
            {"name": "Nashik Depot", "code": "NSK", "company_id": company.id}
        )
        self.assertEqual(warehouse.oms_tally_godown, "Nashik Depot")
        stock_manager = new_test_user(
            self.env,
            login="oms_test_stock_manager",
            groups="base.group_user,stock.group_stock_manager",
            company_ids=[(6, 0, (self.company | company).ids)],
        )
        as_manager = warehouse.with_user(stock_manager)
        as_manager.name = "Nashik Depot 2"  # the rest of the warehouse stays theirs
        with self.assertRaisesRegex(AccessError, "Only administrators"):
            as_manager.oms_tally_godown = "Elsewhere"
        self.assertEqual(warehouse.oms_tally_godown, "Nashik Depot")
        warehouse.oms_tally_godown = "Nashik"
        self.assertEqual(warehouse.oms_tally_godown, "Nashik")

    def test_push_masters_creates_the_godowns_of_the_company(self):
        self.config.tracks_godowns = True
        self.config.action_oms_push_masters()
        job = self.jobs_of(self.config, "masters")
        self.run_due(job)
        self.assertEqual(job.state, "done", job.last_error)
        self.assertIn("Pune <Main> & Co Godown", self.tally().godowns)
        self.assertEqual(
            self.config._oms_core_config().godowns[self.warehouse.code], "Pune <Main> & Co Godown"
        )

    def test_tracking_off_sends_no_godown_to_a_company_without_godowns(self):
        self.tally().tracks_godowns = False
        order = self.confirmed_order()
        job = self.jobs_of(order, "sales_order")
        self.run_due()
        self.assertEqual(job.state, "done", job.last_error)
        self.assertEqual(self.tally().vouchers[job.remote_id].godowns, ())
        self.assertEqual(self.tally().vouchers[job.remote_id].amount, Decimal("590.00"))
