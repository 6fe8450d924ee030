"""Bad input over JSON-RPC: each call gets an error naming what is wrong, and nothing is half-written."""

from datetime import timedelta

from odoo import Command, fields
from odoo.tests import tagged
from odoo.tests.common import _super_send

from simulators.tally import TallySimulator  # tests/ is on sys.path (see __init__)

from .rpc_common import OmsRpcCommon

INPUT_ERRORS = ("ValidationError", "UserError")
HOSTILE_NAME = "Shree \"Ganesh\" & <Sons> 'Udyog' — ಬೆಂಗಳೂರು Ünïcode"


@tagged("post_install", "-at_install")
class TestRpcBadInput(OmsRpcCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.oms_backdate_limit_days = 7
        cls.partner = cls._partner("Nashik Gears Pvt Ltd", cls.state_mh, "27AAPFU0939F1ZV", "Nashik")

    @classmethod
    def _request_handler(cls, session, request, /, **kwargs):
        # The loopback Tally simulator answers on 127.0.0.1; Odoo's test mode blocks everything else.
        if request.url.startswith("http://127.0.0.1:"):
            return _super_send(session, request, **kwargs)
        return super()._request_handler(session, request, **kwargs)

    def _refused_write(self, role, record, vals, phrase):
        fields_to_check = list(vals)
        before = record.read(fields_to_check)
        error = self.assert_refused(self.rpc(role, record._name, "write", record.ids, vals), INPUT_ERRORS)
        self.assertIn(phrase.lower(), error["message"].lower())
        self.assertEqual(record.read(fields_to_check), before, "nothing may be written")
        return error

    def test_gstin_table(self):
        # A valid field next to the bad one: it must not be written either.
        table = [
            ("27AAPFU0939F1ZX", "check character"),  # wrong check character
            ("27AAPFU0939F1Z", "exactly 15"),  # one character short
            ("27AAPFU0939F1ZVV", "exactly 15"),  # one too many
            ("27AAPFU09@9F1ZV", "letters and digits"),
        ]
        for value, phrase in table:
            with self.subTest(value=value):
                self._refused_write("manager", self.partner, {"street": "Changed 1", "vat": value}, phrase)

    def test_gstin_lower_case_accepted(self):
        for typed in ("27aapfu0939f1zv", " 27aapfu0939f1zv "):
            with self.subTest(typed=typed):
                ok, _result = self.rpc("manager", "res.partner", "write", self.partner.ids, {"vat": typed})
                self.assertTrue(ok, _result)
                # Stored normalised (stripped, upper-cased) before the check character is validated.
                self.assertEqual(self.partner.vat, "27AAPFU0939F1ZV")

    def test_gstin_normalised_on_create(self):
        vals = {"name": "Lower Case Ltd", "country_id": self.country_in.id, "vat": " 05aaacg2115r1zn "}
        partner_id = self.assert_allowed(self.rpc("manager", "res.partner", "create", vals))
        self.assertEqual(self.env["res.partner"].browse(partner_id).vat, "05AAACG2115R1ZN")

    def test_pin_code_table(self):
        table = [
            ("4220", "PIN code 4220"),  # five digits short of six
            ("4110011", "PIN code 4110011"),
            ("041100", "does not start with 0"),
            ("41100A", "PIN code 41100A"),
            ("41-1001", "6 digits"),
        ]
        for value, phrase in table:
            with self.subTest(value=value):
                self._refused_write("manager", self.partner, {"street": "Changed 1", "zip": value}, phrase)
        # Good input is accepted and normalised.
        self.assert_allowed(self.rpc("manager", "res.partner", "write", self.partner.ids, {"zip": "422 010"}))
        self.assertEqual(self.partner.zip, "422010")

    def test_pin_code_refused_on_create(self):
        Partner = self.env["res.partner"]
        count = Partner.search_count([])
        vals = {
            "name": "Bad PIN Ltd",
            "country_id": self.country_in.id,
            "zip": "4220",
            "vat": "27AAPFU0939F1ZV",
        }
        error = self.assert_refused(self.rpc("manager", "res.partner", "create", vals), INPUT_ERRORS)
        self.assertIn("PIN code 4220", error["message"])
        self.assertEqual(Partner.search_count([]), count)

    def test_hsn_table(self):
        template = self.bearing.product_tmpl_id
        table = [
            ("12", "has 2 digits"),
            ("84821", "has 5 digits"),
            ("848210101", "has 9 digits"),
            ("8482-10", "digits only"),
            ("HSN8482", "digits only"),
        ]
        for value, phrase in table:
            with self.subTest(value=value):
                error = self._refused_write(
                    "manager", template, {"list_price": 1.0, "l10n_in_hsn_code": value}, phrase
                )
                self.assertIn(f"HSN/SAC code {value}", error["message"])
        # Good input is accepted and normalised.
        self.assert_allowed(
            self.rpc("manager", "product.template", "write", template.ids, {"l10n_in_hsn_code": "8482 10"})
        )
        self.assertEqual(template.l10n_in_hsn_code, "848210")

    def test_hsn_refused_on_create(self):
        Template = self.env["product.template"]
        count = Template.search_count([])
        vals = {"name": "Bad HSN", "type": "consu", "l10n_in_hsn_code": "8482.10"}
        error = self.assert_refused(self.rpc("manager", "product.template", "create", vals), INPUT_ERRORS)
        self.assertIn("HSN/SAC code 8482.10", error["message"])
        self.assertEqual(Template.search_count([]), count)

    def test_vehicle_and_phone_table(self):
        order = self.own_order
        table = [
            ({"oms_vehicle_number": "KA01"}, "vehicle number"),
            ({"oms_vehicle_number": "ZZ01AB1234"}, "not an indian state"),
            ({"oms_vehicle_number": "KA01AB12345678901"}, "too long"),
            ({"oms_driver_phone": "12345"}, "not valid"),
            ({"oms_driver_phone": "+91 80 2222 3333"}, "not a mobile number"),
        ]
        for vals, phrase in table:
            with self.subTest(vals=vals):
                self._refused_write("dispatch", order, {"oms_driver_name": "Changed Driver", **vals}, phrase)
        # Good input is accepted and normalised.
        ok, result = self.rpc(
            "dispatch", "sale.order", "write", order.ids, {"oms_vehicle_number": "ka 01 ab 1234"}
        )
        self.assertTrue(ok, result)
        self.assertEqual(order.oms_vehicle_number, "KA01AB1234")

    def test_backdated_order_refused(self):
        Order = self.env["sale.order"]
        count = Order.search_count([])
        values = {
            "partner_id": self.partner.id,
            "team_id": self.team.id,
            "date_order": fields.Datetime.to_string(fields.Datetime.now() - timedelta(days=30)),
            "order_line": [Command.create({"product_id": self.bearing.id, "product_uom_qty": 1})],
        }
        error = self.assert_refused(self.rpc("sales", "sale.order", "create", values), INPUT_ERRORS)
        self.assertIn("back-dated", error["message"])
        self.assertEqual(Order.search_count([]), count)

    def _dispatch(self, quantity):
        line = self.own_order.order_line[:1]
        vals = {
            "order_id": self.own_order.id,
            "line_ids": [Command.create({"sale_line_id": line.id, "quantity": quantity})],
        }
        ok, wizard_id = self.rpc("dispatch", "oms.dispatch.wizard", "create", vals)
        self.assertTrue(ok, wizard_id)
        return self.rpc("dispatch", "oms.dispatch.wizard", "action_dispatch", [wizard_id])

    def test_dispatch_quantity_table(self):
        line = self.own_order.order_line[:1]
        for quantity, phrase in (
            (-1, "cannot be negative"),
            (line.product_uom_qty + 1, "above the"),
            (0, "Nothing"),
        ):
            with self.subTest(quantity=quantity):
                error = self.assert_refused(self._dispatch(quantity), INPUT_ERRORS)
                self.assertIn(phrase, error["message"])
                self.assertEqual(line.qty_delivered, 0)
                self.assertFalse(self.own_order.picking_ids.filtered(lambda p: p.state == "done"))

    def _draft_invoice(self, partner, product):
        order = self.make_order(partner, product=product)
        order.action_confirm()
        invoice = order._create_invoices()
        invoice.invoice_date = invoice.date
        return invoice

    def test_pin_code_and_hsn_refused_on_post(self):
        self.company.oms_aato = 60_000_000  # B2B invoices need an IRN, whose checks name the PIN code
        self.env["oms.einvoice.config"].create(
            {"company_id": self.company.id, "base_url": "http://127.0.0.1:9", "gstin": self.company.vat}
        )
        self.bearing.invoice_policy = "order"
        bad_hsn = self.env["product.product"].create(
            {
                "name": "Bearing, bad HSN",
                "type": "consu",
                "list_price": 100.0,
                "l10n_in_hsn_code": "8482",
                "invoice_policy": "order",
                "taxes_id": [Command.set(self.tax_gst_18.ids)],
            }
        )
        # Entry now refuses both values (test_pin_code_table, test_hsn_table): plant them as data saved before
        # that check, which posting must still refuse.
        self.env.cr.execute("UPDATE res_partner SET zip = '4220' WHERE id = %s", [self.partner.id])
        self.env.cr.execute(
            "UPDATE product_template SET l10n_in_hsn_code = '12' WHERE id = %s", [bad_hsn.product_tmpl_id.id]
        )
        self.env.invalidate_all()
        no_pin = self._draft_invoice(self.partner, self.bearing)
        no_hsn = self._draft_invoice(self.customer_ka, bad_hsn)
        for invoice, phrase in ((no_pin, "PIN code"), (no_hsn, "HSN")):
            with self.subTest(phrase=phrase):
                outcome = self.rpc("finance", "account.move", "action_post", invoice.ids)
                error = self.assert_refused(outcome, INPUT_ERRORS)
                self.assertIn(phrase, error["message"])
                self.assertEqual(invoice.state, "draft")
                self.assertFalse(invoice.oms_irn_job_ids)

    def test_xml_hostile_partner_name_reaches_tally_intact(self):
        if "oms.tally.config" not in self.env:
            self.skipTest("oms_tally_bridge is not installed")
        tally = TallySimulator(companies=("Hostile Co",)).start()
        self.addCleanup(tally.stop)
        self.env["oms.tally.config"].search([("company_id", "=", self.company.id)]).unlink()
        self.env["oms.tally.config"].create(
            {
                "company_id": self.company.id,
                "company_name": "Hostile Co",
                "port": tally.port,
                "timeout": 2.0,
                "sales_ledger_ids": [Command.create({"gst_rate": 18, "ledger_name": "Sales GST 18%"})],
                "unit_ids": [
                    Command.create({"uom_id": self.env.ref("uom.product_uom_unit").id, "tally_unit": "Nos"})
                ],
            }
        )
        ok, result = self.rpc("manager", "res.partner", "write", self.partner.ids, {"name": HOSTILE_NAME})
        self.assertTrue(ok, result)
        order = self.rpc_order(self.partner)
        self.assert_allowed(self.rpc("finance", "sale.order", "action_oms_tally_push", order.ids))
        Sync = self.env["oms.tally.sync"]
        jobs = Sync.search([("res_model", "=", "sale.order"), ("res_id", "=", order.id)])
        jobs.write({"next_attempt_at": "2000-01-01 00:00:00"})
        Sync._oms_process_pending(commit=False)
        self.assertEqual(set(jobs.mapped("state")), {"done"}, jobs.mapped("last_error"))
        self.assertIn(HOSTILE_NAME, tally.company("Hostile Co").ledgers)
