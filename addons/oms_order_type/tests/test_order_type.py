from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.oms_tally_bridge.tests.common import TallyCommon


class TestOrderTypes(TallyCommon):
    """Order types on OCA's sale.order.type: stages skipped, allowed warehouses, the type fixed once sent,
    staff orders and their limit, Tally voucher types, and who may define them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.standard = cls.env.ref("sale_order_type.normal_sale_type")
        cls.metro = cls.env.ref("oms_order_type.sale_order_type_metro")
        cls.staff = cls.env.ref("oms_order_type.sale_order_type_staff")
        cls.staff.write({"oms_staff_limit": 990.0, "oms_staff_limit_period": "month", "pricelist_id": False})
        cls.warehouse = cls.env["stock.warehouse"].search([("company_id", "=", cls.company.id)], limit=1)
        cls.employee = cls.env["hr.employee"].create(
            {"name": "Test Storekeeper", "company_id": cls.company.id}
        )

    def history(self, order):
        return [(row.kind, row.to_stage_id.code) for row in order.oms_history_ids.sorted("id")]

    # Stages skipped --------------------------------------------------------------------------------------

    def test_a_metro_order_skips_the_commercial_invoice_and_a_standard_order_does_not(self):
        self.assertEqual(
            set(self.metro.oms_skip_stage_ids.mapped("code")),
            {"finished_products", "invoice"},
            "shipped data",
        )
        metro = self.confirmed_order(type_id=self.metro.id)
        standard = self.confirmed_order(
            type_id=self.standard.id,
            order_line=[Command.create({"product_id": self.product_b.id, "product_uom_qty": 3})],
        )
        # Finance's Next Stage: the metro order goes straight to Tax Invoice, the skips on its history.
        self.as_role(metro, "finance").action_oms_move_next()
        self.assertEqual(metro.oms_stage_id.code, "tax_invoice")
        skipped = [code for kind, code in self.history(metro) if kind == "skip"]
        self.assertIn("finished_products", skipped)
        self.assertIn("invoice", skipped)
        # The standard order must pass Finished Products, which Finance does not own.
        with self.assertRaisesRegex(AccessError, "Finished Products"):
            self.as_role(standard, "finance").action_oms_move_next()
        with self.assertRaises(UserError):
            self.as_role(standard, "manager").action_oms_move(code="tax_invoice")
        self.assertEqual(standard.oms_stage_id.code, "sale_order")

    def test_a_type_cannot_skip_a_stage_the_law_needs_and_nothing_is_written(self):
        for code in ("tax_invoice", "eway_bill", "shipment", "partial_dispatch"):
            with self.assertRaisesRegex(ValidationError, "law"), self.env.cr.savepoint():
                self.metro.write({"oms_skip_stage_ids": [Command.link(self.stages[code].id)]})
        self.metro.invalidate_recordset()
        self.assertEqual(set(self.metro.oms_skip_stage_ids.mapped("code")), {"finished_products", "invoice"})

    def test_a_stage_no_longer_skipped_applies_again(self):
        metro = self.confirmed_order(type_id=self.metro.id)
        self.metro.oms_skip_stage_ids = [Command.clear()]
        with self.assertRaisesRegex(AccessError, "Finished Products"):
            self.as_role(metro, "finance").action_oms_move_next()
        self.assertEqual(metro.oms_stage_id.code, "sale_order")

    def test_an_order_is_numbered_from_its_type_in_the_users_time_zone(self):
        self.metro.sequence_id.write({"prefix": "MET/%(range_year)s/", "use_date_range": True})
        order = (
            self.env["sale.order"]
            .with_context(tz="Asia/Kolkata")
            .create(self.order_values(type_id=self.metro.id, date_order="2026-12-31 20:00:00"))
        )
        self.assertTrue(order.name.startswith("MET/2027/"), order.name)  # 1 January 2027, 01:30 in India

    # Warehouses, the type fixed once sent ------------------------------------------------------------------

    def test_an_order_ships_only_from_a_warehouse_its_type_allows(self):
        other = self.env["stock.warehouse"].create(
            {"name": "Counter Store", "code": "CTR", "company_id": self.company.id}
        )
        self.metro.oms_warehouse_ids = other
        with self.assertRaisesRegex(ValidationError, "ship only from Counter Store"):
            self.create_order(type_id=self.metro.id, warehouse_id=self.warehouse.id)
        order = self.create_order(type_id=self.metro.id, warehouse_id=other.id)
        # (unittest's assertRaisesRegex keeps no savepoint of its own: the refused write is rolled back here)
        with self.assertRaisesRegex(ValidationError, "ship only from"), self.env.cr.savepoint():
            self.as_role(order, "sales").write({"warehouse_id": self.warehouse.id})
        order.invalidate_recordset()
        self.assertEqual(order.warehouse_id, other)

    def test_the_type_is_fixed_once_the_quotation_is_sent(self):
        order = self.create_order(type_id=self.standard.id)
        self.as_role(order, "sales").write({"type_id": self.metro.id})  # a draft is free
        self.assertEqual(order.type_id, self.metro)
        order.action_quotation_sent()
        for role in ("sales", "manager"):
            with self.assertRaisesRegex(UserError, "cannot change once the quotation is sent"):
                self.as_role(order, role).write({"type_id": self.standard.id})
        self.assertEqual(order.type_id, self.metro)

    def test_a_new_customer_on_a_sent_quotation_keeps_its_type_and_price_list(self):
        staff_prices = self.env["product.pricelist"].create({"name": "Staff", "company_id": False})
        self.staff.pricelist_id = staff_prices
        other = self.env["res.partner"].create({"name": "Other Customer", "sale_type": self.staff.id})
        order = self.create_order(type_id=self.standard.id)
        quoted = order.pricelist_id
        order.action_quotation_sent()
        self.as_role(order, "sales").partner_id = other
        self.assertEqual((order.type_id, order.pricelist_id), (self.standard, quoted))
        # A draft follows the customer's type and the type's price list, as OCA's add-on does.
        draft = self.create_order(type_id=self.standard.id)
        self.as_role(draft, "sales").partner_id = other
        self.assertEqual((draft.type_id, draft.pricelist_id), (self.staff, staff_prices))

    # Staff orders -------------------------------------------------------------------------------------------

    def test_a_staff_order_is_for_an_employee_within_the_limit_of_the_period(self):
        not_staff = self.create_order(type_id=self.staff.id)
        with self.assertRaisesRegex(UserError, "is not the work contact of an employee"):
            self.as_role(not_staff, "sales").action_confirm()
        self.assertEqual(not_staff.state, "draft")

        contact = self.employee.work_contact_id
        # The staff price list comes from the type (OCA's default), here 10 % below list price.
        staff_prices = self.env["product.pricelist"].create(
            {
                "name": "Staff",
                "company_id": False,  # the Staff type is shared by every company, so is its price list
                "item_ids": [Command.create({"compute_price": "percentage", "percent_price": 10})],
            }
        )
        self.staff.pricelist_id = staff_prices
        line = [Command.create({"product_id": self.product.id, "product_uom_qty": 5, "tax_id": []})]  # 450
        first = self.create_order(type_id=self.staff.id, partner_id=contact.id, order_line=line)
        self.assertEqual(first.pricelist_id, staff_prices)
        self.assertEqual(first.amount_total, 450.0)
        self.as_role(first, "sales").action_confirm()
        self.assertEqual(first.state, "sale")
        # Last month's order does not count against this month's limit.
        last_month = self.create_order(type_id=self.staff.id, partner_id=contact.id, order_line=line)
        last_month.action_confirm()
        # Set-up: the order dates from last month (confirming dates an order today).
        last_month.date_order = fields.Datetime.now() - timedelta(days=40)
        second = self.create_order(
            type_id=self.staff.id,
            partner_id=contact.id,
            order_line=[Command.create({"product_id": self.product.id, "product_uom_qty": 7, "tax_id": []})],
        )
        with self.assertRaisesRegex(
            UserError, "over the staff limit of .*990.00 .*450.00 already ordered, .*630.00 in this order"
        ):
            self.as_role(second, "sales").action_confirm()
        self.assertEqual(second.state, "draft")
        second.order_line.product_uom_qty = 6  # 540: with the 450 before, exactly the limit
        self.as_role(second, "sales").action_confirm()  # exactly the limit
        self.assertEqual(second.state, "sale")

    # Distribution runs ------------------------------------------------------------------------------------

    def test_a_distribution_run_gives_each_customer_its_own_order_type(self):
        counter_buyer = self.env["res.partner"].create({"name": "Counter Buyer", "sale_type": self.metro.id})
        route = self.env["oms.distribution.list"].create(
            {
                "name": "Weekly route",
                "line_ids": [
                    Command.create(
                        {"partner_id": counter_buyer.id, "product_id": self.product.id, "quantity": 2}
                    ),
                    Command.create(
                        {"partner_id": self.customer.id, "product_id": self.product.id, "quantity": 3}
                    ),
                ],
            }
        )
        run = self.env["oms.distribution.run"].with_user(self.users["sales"]).create({"list_id": route.id})
        run.action_run()
        types = {order.partner_id: order.type_id for order in run.order_ids}
        self.assertEqual(types, {counter_buyer: self.metro, self.customer: self.standard})
        self.assertTrue(
            run.order_ids.filtered(lambda order: order.type_id == self.metro).name.startswith("MET/")
        )

    # Reports --------------------------------------------------------------------------------------------

    def test_sales_analysis_reports_by_type(self):
        metro = self.confirmed_order(type_id=self.metro.id)
        standard = self.confirmed_order(
            type_id=self.standard.id,
            order_line=[Command.create({"product_id": self.product_b.id, "product_uom_qty": 2})],
        )
        groups = self.env["sale.report"].read_group(
            [("order_reference", "in", [f"sale.order,{metro.id}", f"sale.order,{standard.id}"])],
            ["price_subtotal:sum"],
            ["type_id"],
        )
        totals = {group["type_id"][1]: group["price_subtotal"] for group in groups}
        self.assertEqual(totals, {"Metro": 500.0, "Standard": 500.0})

    # Tally voucher types ------------------------------------------------------------------------------------

    def test_orders_and_invoices_of_a_type_reach_tally_as_its_voucher_types(self):
        self.metro.write(
            {
                "oms_tally_order_voucher_type": "Metro Sales Order",
                "oms_tally_sales_voucher_type": "Metro Sales",
            }
        )
        order = self.confirmed_order(type_id=self.metro.id)
        job = self.jobs_of(order, "sales_order")
        self.run_due(job)
        # Tally refuses a voucher type nobody created there; the job says so and waits.
        self.assertNotEqual(job.state, "done")
        self.assertIn("Voucher Type 'Metro Sales Order' does not exist", job.last_error)
        self.tally().create_voucher_type("Metro Sales Order", "Sales Order")
        self.tally().create_voucher_type("Metro Sales", "Sales")
        job.with_user(self.users["finance"]).action_oms_retry()  # the accountant's Retry, once Tally has it
        self.run_due(job)
        self.assertEqual(job.state, "done", job.last_error)
        self.assertEqual(self.tally().vouchers[job.remote_id].voucher_type, "Metro Sales Order")
        invoice = order.oms_counter_invoice_id  # cash and carry: posted on confirmation
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(invoice.sale_type_id, self.metro)
        invoice_job = self.jobs_of(invoice)
        if invoice_job.state == "failed":  # queued on confirmation, it may have met Tally before the type
            invoice_job.with_user(self.users["finance"]).action_oms_retry()
        self.run_due(invoice_job)
        self.assertEqual(invoice_job.state, "done", invoice_job.last_error)
        self.assertEqual(self.tally().vouchers[invoice_job.remote_id].voucher_type, "Metro Sales")
        # A standard order keeps the company's types.
        standard = self.confirmed_order(type_id=self.standard.id)
        standard_job = self.jobs_of(standard, "sales_order")
        self.run_due(standard_job)
        self.assertEqual(self.tally().vouchers[standard_job.remote_id].voucher_type, "Sales Order")

    # Who defines types --------------------------------------------------------------------------------------

    def test_only_sales_heads_define_types_and_every_team_reads_them(self):
        for role in ("sales", "finance", "dispatch"):
            self.assertTrue(self.as_role(self.metro, role).read(["name", "oms_kind", "oms_skip_stage_ids"]))
            with self.assertRaises(AccessError):
                self.as_role(self.metro, role).write({"oms_kind": "standard"})
            with self.assertRaises(AccessError):
                self.env["sale.order.type"].with_user(self.users[role]).create({"name": "Rogue"})
        made = (
            self.env["sale.order.type"]
            .with_user(self.users["manager"])
            .create({"name": "Institutional", "oms_kind": "standard", "company_id": self.company.id})
        )
        self.assertEqual(made.oms_kind, "standard")
        self.assertEqual(self.metro.oms_kind, "metro")
