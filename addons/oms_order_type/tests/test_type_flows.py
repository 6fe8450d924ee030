"""The flows of the order types, end to end through the suite's actions, against the loopback IRP and EWB
simulators: a gift (free supply) posts its value to the selling expense with the input tax reversed, issues
no invoice and travels on a delivery challan with its e-way bill; a metro (cash-and-carry) order is
invoiced and planned on confirmation and leaves once paid at the counter."""

from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from odoo.addons.oms_gst_india.tests.test_dispatch_compliance import DispatchComplianceCommon


class TypeFlowCommon(DispatchComplianceCommon):
    def setUp(self):
        super().setUp()
        chart = self.env["account.chart.template"]
        self.purchase_gst_18 = chart.ref("sgst_purchase_18")
        self.bearing.write(
            {"standard_price": 600.0, "supplier_taxes_id": [Command.set(self.purchase_gst_18.ids)]}
        )
        self.users["sales"].groups_id |= self.env.ref("sales_team.group_sale_salesman")

    def typed_order(self, order_type, partner, quantity, product=None):
        order = self.make_order(partner, quantity=quantity, product=product, type_id=order_type.id)
        self.assertEqual(order.type_id, order_type)
        return order


@tagged("post_install", "-at_install")
class TestFreeSupply(TypeFlowCommon):
    def setUp(self):
        super().setUp()
        self.gift = self.env.ref("oms_order_type.sale_order_type_gift")
        self.promotion_account = self.env["account.chart.template"].ref("p2110")
        # 100 bearings at their cost of 600 to a consumer in Maharashtra (a trade-fair gift): 60,000, above
        # the 50,000 inter-state e-way bill threshold.
        self.order = self.typed_order(self.gift, self.consumer_mh, 100)
        self.line = self.order.order_line

    def post_voucher(self):
        action = self.order.with_user(self.users["finance"]).action_oms_post_free_supply()
        return self.env["account.move"].browse(action["res_id"])

    def test_a_gift_posts_to_the_expense_account_and_issues_no_receivable(self):
        self.assertEqual((self.line.price_unit, self.line.tax_id), (600.0, self.env["account.tax"]))
        self.assertEqual(self.order.amount_total, 60000.0)  # no output tax: no supply is made
        self.order.with_user(self.users["sales"]).action_confirm()
        self.assertEqual(self.line.invoice_status, "no")
        # No invoice, by any path: Odoo's Create Invoice, the suite's, the RPC method underneath.
        with self.assertRaisesRegex(UserError, "not invoiced"):
            self.order.with_user(self.users["finance"]).action_oms_invoice_supply()
        wizard = (
            self.env["sale.advance.payment.inv"]
            .with_context(active_model="sale.order", active_ids=self.order.ids)
            .create({"advance_payment_method": "delivered"})
        )
        with self.assertRaises(UserError):
            wizard.create_invoices()
        with self.assertRaisesRegex(UserError, "not invoiced"):
            self.order._create_invoices()
        self.assertFalse(self.order.invoice_ids)

        # Sale Order → Finished Products (Production) → Tax Invoice (Commercial Invoice skipped: no proforma),
        # which the order leaves only once the voucher is posted.
        self.assertEqual(self.move_next(self.production), "finished_products")
        self.assertEqual(self.move_next(self.users["finance"]), "tax_invoice")
        with self.assertRaisesRegex(UserError, "free-supply voucher"):
            self.move_next(self.users["dispatch"])
        with self.assertRaises(AccessError):
            self.order.with_user(self.users["sales"]).action_oms_post_free_supply()
        voucher = self.post_voucher()
        with self.assertRaisesRegex(UserError, "already"):
            self.post_voucher()

        # The voucher: the value and the reversed input tax (18 % of 60,000) to Business Promotion, the
        # goods out of the cost of goods, the credit out of the input tax accounts; nothing receivable.
        self.assertEqual(voucher.state, "posted")
        self.assertEqual(voucher.move_type, "entry")
        expense = voucher.line_ids.filtered(lambda line: line.account_id == self.promotion_account)
        self.assertAlmostEqual(sum(expense.mapped("debit")), 70800.0)
        goods_account = self.bearing.product_tmpl_id.get_product_accounts()["expense"]
        self.assertAlmostEqual(
            sum(voucher.line_ids.filtered(lambda line: line.account_id == goods_account).mapped("credit")),
            60000.0,
        )
        input_accounts = self.purchase_gst_18.children_tax_ids.invoice_repartition_line_ids.account_id
        itc = voucher.line_ids.filtered(lambda line: line.account_id in input_accounts)
        self.assertAlmostEqual(sum(itc.mapped("credit")), 10800.0)
        self.assertEqual(len(itc.account_id), 2, "central and state input tax")
        self.assertFalse(
            voucher.line_ids.filtered(lambda line: line.account_id.account_type == "asset_receivable")
        )
        self.assertFalse(self.order.invoice_ids)
        self.assertIn("input tax", self.order.message_ids[0].body)

        # Shipment, then the delivery challan and its e-way bill (sub-supply Others) before the goods move.
        self.assertEqual(self.move_next(self.users["dispatch"]), "shipment")
        self.plan_shipment()
        self.assertEqual(self.move_next(self.users["dispatch"]), "eway_bill")
        picking = self.plan_tranche(100)
        self.assertTrue(picking.oms_challan_number)
        with self.assertRaisesRegex(UserError, "Generate the e-way bill of delivery"):
            self.dispatch(picking)
        self.assertEqual(self.line.qty_delivered, 0)
        bill = self.generate_bill(picking)
        self.assertFalse(bill.move_id)
        self.assertTrue(bill.oms_on_challan)
        sent = self.sim.by_document.get((self.sim.gstin, "CHL", picking.oms_challan_number.upper()))
        self.assertEqual(int(bill.oms_ewb_no), sent)
        payload = self.sim.bills[sent]["payload"]
        self.assertEqual((payload["docType"], payload["subSupplyType"]), ("CHL", "8"))
        self.assertEqual(payload["subSupplyDesc"], "Free Gift")
        self.assertEqual(float(payload["totInvValue"]), 60000.0)
        self.assertEqual({item["igstRate"] for item in payload["itemList"]}, {0})
        self.dispatch(picking)
        self.finish()
        self.assertFalse(self.order.invoice_ids)

        # The challan shows the goods' value, no tax and the e-way bill.
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("oms_dispatch.report_delivery_challan", picking.ids)[0]
            .decode()
        )
        self.assertIn(picking.oms_challan_number, html)
        self.assertIn(bill.oms_ewb_no, html)
        self.assertIn("60,000.00", html)

    def test_free_goods_carry_no_tax_and_bad_input_changes_nothing(self):
        with self.assertRaisesRegex(ValidationError, "no output tax"), self.env.cr.savepoint():
            self.env["sale.order.line"].create(
                {
                    "order_id": self.order.id,
                    "product_id": self.bearing.id,
                    "tax_id": [Command.set(self.tax_igst_18.ids)],
                }
            )
        self.order.invalidate_recordset()
        self.assertEqual(self.order.order_line, self.line)
        with self.assertRaisesRegex(UserError, "Confirm order"):
            self.order.with_user(self.users["finance"]).action_oms_post_free_supply()
        self.order.action_confirm()
        self.bearing.standard_price = 0.0
        self.line.price_unit = 0.0
        with self.assertRaisesRegex(UserError, "nothing of value"):
            self.order.with_user(self.users["finance"]).action_oms_post_free_supply()
        self.assertFalse(self.order.oms_free_supply_move_id)
        self.assertFalse(self.env["account.move"].search([("ref", "like", self.order.name)]))

    def test_a_gift_cancelled_before_it_leaves_reverses_its_voucher(self):
        self.order.action_confirm()
        voucher = self.post_voucher()
        reason = self.env["oms.cancel.reason"].search(
            [("company_id", "in", (False, self.company.id))], limit=1
        )
        self.order.with_user(self.env.user).action_oms_cancel(reason.id, note="Trade fair called off")
        self.assertEqual(self.order.state, "cancel")
        reversal = voucher.reversal_move_ids
        self.assertEqual(reversal.state, "posted")
        self.assertEqual(reversal.reversed_entry_id, voucher)
        self.assertEqual(
            sum(
                reversal.line_ids.filtered(lambda line: line.account_id == self.promotion_account).mapped(
                    "credit"
                )
            ),
            70800.0,
        )

    def test_the_challan_and_bill_of_free_goods_within_the_threshold(self):
        """20 bearings (12,000): below the threshold the goods leave on their challan, without a bill."""
        order = self.typed_order(self.gift, self.consumer_mh, 20)
        order.action_confirm()
        self.order = order
        self.move_next(self.production)
        self.move_next(self.users["finance"])
        self.post_voucher()
        self.move_next(self.users["dispatch"])
        self.plan_shipment()
        picking = self.plan_tranche(20)
        self.assertEqual(picking._oms_ewb_requirement()[:2], (False, 12000.0))
        self.dispatch(picking)
        self.assertFalse(picking.oms_eway_bill_ids)
        self.assertEqual(order.order_line.qty_delivered, 20)


@tagged("post_install", "-at_install")
class TestCounterSale(TypeFlowCommon):
    def setUp(self):
        super().setUp()
        self.metro = self.env.ref("oms_order_type.sale_order_type_metro")
        self.cash = self.env["account.journal"].search(
            [*self.env["account.journal"]._check_company_domain(self.company), ("type", "=", "cash")], limit=1
        )
        self.users["finance"].groups_id |= self.env.ref("account.group_account_invoice")

    def test_metro_makes_its_delivery_and_invoice_on_confirmation_and_leaves_once_paid(self):
        order = self.typed_order(self.metro, self.customer_ka, 10)  # 11,800 within the state: no bill
        self.order = order
        order.with_user(self.users["sales"]).action_confirm()
        invoice = order.oms_counter_invoice_id
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(invoice, order.invoice_ids)
        self.assertEqual(invoice.invoice_line_ids.quantity, 10)
        picking = order.picking_ids
        self.assertEqual(picking.oms_tranche_invoice_id, invoice)
        self.assertEqual(picking.move_ids.quantity, 10)
        self.assertTrue(picking.move_ids.picked)
        self.run_jobs("oms.irn.job")
        self.assertEqual(invoice.oms_einvoice_state, "sent", invoice.oms_einvoice_error)

        self.assertEqual(self.move_next(self.users["finance"]), "tax_invoice")
        self.assertEqual(self.move_next(self.users["dispatch"]), "shipment")
        self.plan_shipment()
        with self.assertRaisesRegex(UserError, "paid at the counter"):
            self.dispatch(picking)
        self.assertEqual(order.order_line.qty_delivered, 0)
        with self.assertRaises(AccessError):
            order.with_user(self.users["sales"]).action_oms_counter_payment()
        order.with_user(self.users["finance"]).action_oms_counter_payment()
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        self.assertTrue(order.oms_counter_paid)
        with self.assertRaisesRegex(UserError, "paid already"):
            order.with_user(self.users["finance"]).action_oms_counter_payment()
        self.dispatch(picking)
        self.finish()
        self.assertEqual(len(order.invoice_ids), 1)

    def test_a_counter_sells_what_it_has_and_a_refusal_writes_nothing(self):
        storable = self.env["product.product"].create(
            {
                "name": "Taper Roller Bearing",
                "is_storable": True,
                "list_price": 1000.0,
                "l10n_in_hsn_code": "84822000",
                "taxes_id": [Command.set(self.tax_gst_18.ids)],
            }
        )
        order = self.typed_order(self.metro, self.customer_ka, 5, product=storable)
        with self.assertRaisesRegex(UserError, "in stock"), self.env.cr.savepoint():
            order.with_user(self.users["sales"]).action_confirm()
        order.invalidate_recordset()
        self.assertEqual(order.state, "draft")
        self.assertFalse(self.env["account.move"].search([("invoice_origin", "=", order.name)]))
        # Stock comes in: the counter sells it.
        self.env["stock.quant"]._update_available_quantity(storable, order.warehouse_id.lot_stock_id, 5.0)
        order.with_user(self.users["sales"]).action_confirm()
        self.assertEqual(order.oms_counter_invoice_id.state, "posted")
        self.assertEqual(order.picking_ids.move_ids.quantity, 5)


@tagged("post_install", "-at_install")
class TestConsignment(TypeFlowCommon):
    def setUp(self):
        super().setUp()
        self.warehouse = self.env["stock.warehouse"].search([("company_id", "=", self.company.id)], limit=1)
        self.gearbox = self.env["product.product"].create(
            {
                "name": "Worm Gearbox 40:1",
                "is_storable": True,
                "list_price": 1000.0,
                "l10n_in_hsn_code": "84834000",
                "taxes_id": [Command.set(self.tax_gst_18.ids)],
            }
        )
        self.env["stock.quant"]._update_available_quantity(self.gearbox, self.warehouse.lot_stock_id, 200.0)
        # The consignee's agreed terms: its consignment orders take them, as any order does.
        self.customer_mh.property_payment_term_id = self.env.ref("account.account_payment_term_30days")
        for role in ("sales", "dispatch"):
            self.users[role].groups_id |= self.env.ref("stock.group_stock_user")

    def send_on_consignment(self, quantity):
        wizard = Form(self.env["oms.consignment.send.wizard"].with_user(self.users["dispatch"]))
        wizard.partner_id = self.customer_mh
        with wizard.line_ids.new() as line:
            line.product_id = self.gearbox
            line.quantity = quantity
        action = wizard.save().action_send()
        picking = self.env["stock.picking"].browse(action["res_id"])
        picking.write(
            {"oms_transport_mode": "road", "oms_distance_km": 850, "oms_vehicle_number": "KA01AB1234"}
        )
        return picking

    def held(self):
        location = self.customer_mh._oms_consignment_location(self.warehouse)
        return self.gearbox.with_context(location=location.id).qty_available

    def test_goods_go_to_the_consignee_on_a_challan_with_their_bill_and_are_invoiced_from_its_sales_report(
        self,
    ):
        # 100 gearboxes worth 1,00,000 to Pune: a transfer, not a supply; above the inter-state threshold.
        transfer = self.send_on_consignment(100)
        self.assertTrue(transfer.oms_is_consignment_transfer)
        with self.assertRaisesRegex(UserError, "delivery challan.*e-way bill"), self.env.cr.savepoint():
            transfer.with_user(self.users["dispatch"]).button_validate()
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            transfer.with_user(self.users["sales"]).button_validate()
        with self.assertRaisesRegex(UserError, "go to a consignee"), self.env.cr.savepoint():
            transfer.move_ids.with_user(self.users["dispatch"]).write({"state": "done"})
        self.assertEqual(self.held(), 0)
        bill = self.generate_bill(transfer)
        self.assertFalse(bill.move_id)
        payload = self.sim.bills[int(bill.oms_ewb_no)]["payload"]
        self.assertEqual(
            (payload["docType"], payload["docNo"], payload["subSupplyType"], payload["subSupplyDesc"]),
            ("CHL", transfer.oms_challan_number, "8", "Sent on consignment"),
        )
        self.assertEqual(
            (float(payload["totInvValue"]), payload["toGstin"]), (100000.0, self.customer_mh.vat)
        )
        # The challan states the purpose and the goods' value (Rule 55(2)), as the e-way bill does.
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("oms_dispatch.report_delivery_challan", transfer.ids)[0]
            .decode()
        )
        for text in (
            transfer.oms_challan_number,
            bill.oms_ewb_no,
            "Sent on consignment",
            "100,000.00",
            "inter-state",
        ):
            self.assertIn(text, html)
        transfer.with_user(self.users["dispatch"]).button_validate()
        self.assertEqual(transfer.state, "done")
        self.assertEqual(self.held(), 100)
        self.assertFalse(self.env["account.move"].search([("partner_id", "=", self.customer_mh.id)]))

        # The consignee reports 30 sold: Sales makes the order, invoiced at once for those 30.
        report = (
            self.env["oms.consignment.report"]
            .with_user(self.users["sales"])
            .create(
                {
                    "partner_id": self.customer_mh.id,
                    "customer_reference": "PUNE/SALES/NOV",
                    "line_ids": [Command.create({"product_id": self.gearbox.id, "quantity": 30})],
                }
            )
        )
        self.assertEqual(report.line_ids.held_quantity, 100)
        report.with_user(self.users["sales"]).action_oms_create_order()
        order = report.order_id
        self.order = order
        self.assertEqual(
            (report.state, order.state, order.type_id.oms_invoicing), ("ordered", "sale", "consignee_report")
        )
        invoice = order.invoice_ids
        self.assertEqual((invoice.state, invoice.invoice_line_ids.quantity), ("posted", 30))
        self.assertAlmostEqual(invoice.amount_total, 35400.0)  # 30,000 + 18 % IGST: the supply is now
        delivery = order.picking_ids
        self.assertEqual(delivery.location_id.oms_consignee_id, self.customer_mh)
        self.run_jobs("oms.irn.job")
        self.assertEqual(invoice.oms_einvoice_state, "sent", invoice.oms_einvoice_error)

        # The teams walk it; no transporter, no e-way bill: nothing travels.
        self.assertEqual(self.move_next(self.production), "finished_products")
        self.assertEqual(self.move_next(self.users["finance"]), "invoice")
        self.order.with_user(self.users["finance"]).action_oms_create_commercial_invoice()
        self.order.oms_commercial_invoice_ids.with_user(self.users["finance"]).action_issue()
        self.assertEqual(self.move_next(self.users["finance"]), "tax_invoice")
        self.assertEqual(self.move_next(self.users["dispatch"]), "shipment")
        self.order.with_user(self.users["dispatch"]).oms_expected_dispatch_date = order.oms_agreed_date
        self.assertEqual(delivery._oms_ewb_requirement()[0], False)
        self.dispatch(delivery)
        self.assertEqual(order.oms_stage_id.code, "complete_dispatch")
        self.assertFalse(delivery.with_user(self.users["dispatch"]).oms_eway_bill_ids)
        self.assertIn("needed no e-way bill", "\n".join(order.message_ids.mapped("body")))
        self.assertEqual(self.held(), 70)

    def test_a_report_of_more_than_the_consignee_holds_is_refused_and_writes_nothing(self):
        transfer = self.send_on_consignment(10)  # 10,000: within the threshold, on its challan alone
        transfer._oms_assign_challan_number()
        transfer.with_user(self.users["dispatch"]).button_validate()
        self.assertFalse(transfer.oms_eway_bill_ids)
        report = (
            self.env["oms.consignment.report"]
            .with_user(self.users["sales"])
            .create(
                {
                    "partner_id": self.customer_mh.id,
                    "line_ids": [Command.create({"product_id": self.gearbox.id, "quantity": 12})],
                }
            )
        )
        with self.assertRaisesRegex(UserError, "holds 10.0"), self.env.cr.savepoint():
            report.with_user(self.users["sales"]).action_oms_create_order()
        report.invalidate_recordset()
        self.assertEqual(report.state, "draft")
        self.assertFalse(
            self.env["sale.order"].search(
                [("partner_id", "=", self.customer_mh.id), ("type_id.oms_kind", "=", "consignment")]
            )
        )
        with self.assertRaises(AccessError):
            report.with_user(self.users["dispatch"]).action_oms_create_order()
        with self.assertRaisesRegex(AccessError, "set by Create Order only"):
            report.with_user(self.users["sales"]).write({"state": "ordered"})
        self.assertEqual(report.state, "draft")
        with self.assertRaises(AccessError):
            self.env["oms.consignment.send.wizard"].with_user(self.users["sales"]).create(
                {"partner_id": self.customer_mh.id}
            ).action_send()

    def report_sold(self, quantity, reference):
        report = (
            self.env["oms.consignment.report"]
            .with_user(self.users["sales"])
            .create(
                {
                    "partner_id": self.customer_mh.id,
                    "customer_reference": reference,
                    "line_ids": [Command.create({"product_id": self.gearbox.id, "quantity": quantity})],
                }
            )
        )
        report.with_user(self.users["sales"]).action_oms_create_order()
        return report.order_id

    def test_a_consignment_order_has_no_credit_atp_or_duplicate_check(self):
        """The seed's rule: goods the customer holds and reports sold are not checked against its credit,
        the warehouse's stock or its earlier orders. A standard order of the same customer is."""
        transfer = self.send_on_consignment(40)  # 40,000: within the threshold, on its challan alone
        transfer._oms_assign_challan_number()
        transfer.with_user(self.users["dispatch"]).button_validate()
        self.assertEqual(self.held(), 40)
        # Nothing left in the warehouse, and the customer far over a credit limit of 1,000.
        self.env["stock.quant"]._update_available_quantity(self.gearbox, self.warehouse.lot_stock_id, -160.0)
        warehouse_stock = self.gearbox.with_context(warehouse_id=self.warehouse.id)
        self.assertEqual(
            warehouse_stock.free_qty, 0, "goods a customer holds are not the warehouse's to sell"
        )
        self.company.account_use_credit_limit = True
        self.customer_mh.with_company(self.company).credit_limit = 1000.0

        first = self.report_sold(10, "PUNE/SALES/1")
        second = self.report_sold(10, "PUNE/SALES/2")  # the same items and quantities as the first
        for order in first | second:
            with self.subTest(order=order.name):
                self.assertEqual(order.oms_credit_state, "passed")
                self.assertIn("Consignment sale: no credit check", order.oms_credit_reasons)
                self.assertFalse(order.oms_duplicate_order_ids)
                self.assertFalse(order._oms_stock_shortages())
                self.assertFalse(order.oms_backorder_open_count, "its goods are at the consignee, not short")
                self.assertEqual(order.invoice_ids.state, "posted")
        self.assertEqual(self.held(), 40, "reported sold, delivered from the consignee's stock when walked")

        standard = self.make_order(self.customer_mh, quantity=10, product=self.gearbox)
        standard.with_user(self.users["sales"]).action_confirm()
        self.assertEqual(standard.oms_credit_state, "hold")
        self.assertEqual(standard.oms_backorder_open_count, 1, "no stock in the warehouse")

    def test_consignment_locations_made_under_their_warehouse_move_out_of_it(self):
        """The upgrade to 18.0.1.2.0: a consignee's location made under the warehouse (as before) leaves its
        tree, and its goods leave the warehouse's free stock; the consignee keeps its location."""
        location = self.send_on_consignment(5).location_dest_id
        stock = self.gearbox.with_context(warehouse_id=self.warehouse.id)
        before = stock.free_qty
        location.location_id = self.warehouse.view_location_id
        self.env["stock.quant"]._update_available_quantity(self.gearbox, location, 5.0)
        stock.invalidate_recordset()
        self.assertEqual(stock.free_qty, before + 5, "under the warehouse, counted as its free stock")
        self.env["stock.location"]._oms_move_consignment_out_of_warehouses()
        stock.invalidate_recordset()
        self.assertEqual(stock.free_qty, before)
        self.assertFalse(location.warehouse_id)
        self.assertEqual(self.customer_mh._oms_consignment_location(self.warehouse), location)
        self.assertEqual(self.held(), 5)

    def test_consignment_stock_six_months_old_is_to_be_invoiced(self):
        """CGST s.31(7): six months after goods left on consignment they must be invoiced; the salesperson
        is reminded of exactly the quantities that reached that age, once."""
        old = self.send_on_consignment(10)
        old._oms_assign_challan_number()
        old.with_user(self.users["dispatch"]).button_validate()
        old.move_line_ids.date = fields.Datetime.now() - relativedelta(months=7)
        recent = self.send_on_consignment(5)
        recent._oms_assign_challan_number()
        recent.with_user(self.users["dispatch"]).button_validate()
        self.customer_mh.user_id = self.users["sales"]
        Partner = self.env["res.partner"]
        Partner._oms_cron_consignment_age()
        activity = self.customer_mh.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.users["sales"])
        self.assertIn("31(7)", activity.note)
        self.assertIn(f"{self.gearbox.display_name}: 10 ", activity.note)
        Partner._oms_cron_consignment_age()
        self.assertEqual(len(self.customer_mh.activity_ids), 1, "reminded once")
