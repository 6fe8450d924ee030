"""GSTR-1 of a month of real invoices and credit notes, computed and exported as Finance, against totals worked
out by hand; refusals listed before export; other roles refused; a query count that does not grow."""

import datetime
import json
from base64 import b64decode
from pathlib import Path

import psycopg2

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.oms_gst_india.tests.common import OmsGstCommon

SCHEMA_PATH = Path(__file__).resolve().parents[3] / "tests" / "static" / "gstr1_portal_schema.json"
MAY = datetime.date(2025, 5, 1)
# Reading the month takes 3 statements, and reading its taxes a few per distinct tax (not per invoice); the rest
# is storing the tables and posting to the chatter.
COMPUTE_QUERY_BUDGET = 70


@tagged("post_install", "-at_install")
class TestGstr1Return(OmsGstCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        chart = cls.env["account.chart.template"]
        cls.cess_5 = chart.ref("cess_sale_5")
        cls.consumer_ka = cls._partner("Anita Rao", cls.state_ka, False, "Bengaluru", "consumer")
        cls.env["l10n_in.port.code"].search([], limit=1) or cls.env["l10n_in.port.code"].create(
            {"code": "INBLR4", "name": "Bengaluru ICD", "state_id": cls.state_ka.id}
        )
        cls.port = cls.env["l10n_in.port.code"].search([], limit=1)
        cls.finance = cls.users["finance"]

    def invoice(self, partner, lines, day=10, **values):
        move = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "invoice_date": MAY.replace(day=day),
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": self.bearing.id,
                            "quantity": quantity,
                            "price_unit": 1000.0,
                            "tax_ids": [Command.set(taxes.ids)],
                        }
                    )
                    for quantity, taxes in lines
                ],
                **values,
            }
        )
        move.action_post()
        return move

    def credit(self, invoice, quantity):
        wizard = (
            self.env["account.move.reversal"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create(
                {"reason": "Returned goods", "journal_id": invoice.journal_id.id, "date": MAY.replace(day=20)}
            )
        )
        note = self.env["account.move"].browse(wizard.reverse_moves()["res_id"])
        # Only the first line's goods come back.
        note.invoice_line_ids = [Command.unlink(line.id) for line in note.invoice_line_ids[1:]]
        note.invoice_line_ids.quantity = quantity
        note.invoice_date = MAY.replace(day=20)
        note.action_post()
        return note

    def month_of_invoices(self):
        """The company is in Karnataka: one document of each kind, amounts worked out in the comments."""
        igst = self.tax_igst_18
        docs = {
            # Intra-state B2B: 10,000, CGST 900 + SGST 900.
            "b2b_intra": self.invoice(self.customer_ka, [(10, self.tax_gst_18)]),
            # Inter-state B2B with cess: 20,000 at IGST 18 % (3,600) and 5,000 with 5 % cess (900 + 250).
            "b2b_cess": self.invoice(self.customer_mh, [(20, igst), (5, igst | self.cess_5)]),
            # B2C large: inter-state to a consumer, 100,000 + 18,000 = 118,000 (above ₹1 lakh).
            "b2cl": self.invoice(self.consumer_mh, [(100, igst)]),
            # B2C small, inter-state 50,000 + 9,000, and intra-state 200,000 + 36,000 (B2CS whatever its value).
            "b2cs_inter": self.invoice(self.consumer_mh, [(50, igst)]),
            "b2cs_intra": self.invoice(self.consumer_ka, [(200, self.tax_gst_18)]),
            # SEZ with payment of IGST: 40,000, IGST 7,200 paid by the supplier and claimed back.
            "sez": self.invoice(self.customer_sez, [(40, self.tax_igst_18_sez)]),
            # Export under a Letter of Undertaking: 30,000 at 18 % with no tax.
            "export": self.invoice(
                self.customer_us,
                [(30, self.tax_igst_18_lut)],
                l10n_in_shipping_bill_number="1234567",
                l10n_in_shipping_bill_date=MAY.replace(day=12),
                l10n_in_shipping_port_code_id=self.port.id,
            ),
        }
        docs["cdnr"] = self.credit(docs["b2b_cess"], 2)  # 2,000 + IGST 360 to the registered buyer
        docs["b2cs_note"] = self.credit(docs["b2cs_inter"], 1)  # 1,000 + 180, netted into B2CS
        return docs

    def gstr1(self, user=None):
        env = self.env(user=user or self.finance)
        return env["oms.gstr1.return"].create({"period_start": MAY})

    def test_sections_match_the_hand_computed_totals_and_export_follows_the_portal_rules(self):
        docs = self.month_of_invoices()
        gstr1 = self.gstr1()
        gstr1.action_compute()
        sections = {section.section: section for section in gstr1.section_ids}
        b2b = sections["b2b"]
        self.assertEqual(b2b.document_count, 3)
        self.assertEqual(
            (b2b.taxable, b2b.igst, b2b.cgst, b2b.sgst, b2b.cess), (75000.0, 11700.0, 900.0, 900.0, 250.0)
        )
        self.assertEqual(
            sorted(b2b.move_ids), sorted((docs["b2b_intra"] | docs["b2b_cess"] | docs["sez"]).ids)
        )
        self.assertEqual((sections["b2cl"].taxable, sections["b2cl"].igst), (100000.0, 18000.0))
        b2cs = sections["b2cs"]
        self.assertEqual(
            (b2cs.document_count, b2cs.taxable, b2cs.igst, b2cs.cgst), (3, 249000.0, 8820.0, 18000.0)
        )
        self.assertEqual((sections["exp"].taxable, sections["exp"].igst), (30000.0, 0.0))
        self.assertEqual(
            (sections["cdnr"].taxable, sections["cdnr"].igst, sections["cdnr"].value), (2000.0, 360.0, 2360.0)
        )
        self.assertFalse(gstr1.refusal_ids)
        # The documents behind a table open as a list.
        action = sections["b2cl"].action_open_documents()
        self.assertEqual(action["res_model"], "account.move")
        self.assertEqual(
            action.get("res_id") or action["domain"][0][2],
            docs["b2cl"].id if action.get("res_id") else docs["b2cl"].ids,
        )

        gstr1.action_export()
        self.assertEqual(gstr1.state, "exported")
        portal = json.loads(b64decode(gstr1.portal_file))
        import jsonschema  # a test requirement (requirements-dev.txt)

        jsonschema.validate(portal, json.loads(SCHEMA_PATH.read_text()))
        self.assertEqual((portal["gstin"], portal["fp"]), ("29AABCU9603R1ZJ", "052025"))
        [export] = portal["exp"]
        self.assertEqual(export["exp_typ"], "WOPAY")
        self.assertEqual(export["inv"][0]["itms"], [{"txval": 30000.0, "rt": 18, "iamt": 0.0, "csamt": 0.0}])
        self.assertEqual(export["inv"][0]["sbnum"], "1234567")
        [sez] = [party for party in portal["b2b"] if party["ctin"] == self.customer_sez.vat]
        self.assertEqual(sez["inv"][0]["inv_typ"], "SEWP")
        self.assertEqual(sez["inv"][0]["val"], 40000.0)
        inter = {(row["pos"], row["rt"]): row for row in portal["b2cs"]}[("27", 18)]
        self.assertEqual((inter["txval"], inter["iamt"], inter["sply_ty"]), (49000.0, 8820.0, "INTER"))
        self.assertEqual(set(portal["hsn"]), {"hsn_b2b", "hsn_b2c"})
        [invoices, notes] = portal["doc_issue"]["doc_det"]
        self.assertEqual((invoices["doc_num"], invoices["docs"][0]["totnum"]), (1, 7))
        self.assertEqual((notes["doc_num"], notes["docs"][0]["net_issue"]), (5, 2))
        self.assertIn(gstr1.portal_filename, gstr1.message_ids[0].attachment_ids.mapped("name"))

    def test_what_the_portal_would_refuse_is_listed_and_blocks_the_export_until_corrected(self):
        self.invoice(self.customer_ka, [(10, self.tax_gst_18)])
        # CGST and SGST charged to a buyer in another state: the portal refuses a wrong place of supply.
        wrong = self.invoice(self.customer_mh, [(3, self.tax_gst_18)], day=11)
        gstr1 = self.gstr1()
        gstr1.action_compute()
        self.assertEqual(gstr1.refusal_ids.move_id, wrong)
        self.assertIn("CGST and SGST charged on an inter-state supply", gstr1.refusal_ids.reasons)
        with self.assertRaisesRegex(UserError, "would be refused by the GST portal"):
            gstr1.action_export()
        self.assertEqual((gstr1.state, gstr1.portal_file), ("computed", False))
        # Finance cancels the wrong invoice: it is then counted as cancelled, and the export goes through.
        wrong.button_draft()
        wrong.button_cancel()
        gstr1.action_export()
        portal = json.loads(b64decode(gstr1.portal_file))
        docs = portal["doc_issue"]["doc_det"][0]["docs"][0]
        self.assertEqual((docs["totnum"], docs["cancel"], docs["net_issue"]), (2, 1, 1))
        self.assertFalse(gstr1.refusal_ids)

    def test_only_finance_prepares_the_return(self):
        for role in ("sales", "dispatch"):
            with self.assertRaises(AccessError):
                self.gstr1(self.users[role])
        gstr1 = self.gstr1()
        with self.assertRaises(AccessError):
            gstr1.with_user(self.users["sales"]).action_compute()
        # The tables are what Compute made: Finance reads them and cannot rewrite them.
        self.invoice(self.customer_ka, [(1, self.tax_gst_18)])
        gstr1.action_compute()
        with self.assertRaises(AccessError):
            gstr1.section_ids.with_user(self.finance).write({"taxable": 1.0})

    @mute_logger("odoo.sql_db")
    def test_a_month_starts_on_the_first_and_is_prepared_once(self):
        with self.assertRaisesRegex(ValidationError, "calendar month"), self.cr.savepoint():
            self.env["oms.gstr1.return"].create({"period_start": datetime.date(2025, 5, 2)})
        self.gstr1()
        with self.assertRaisesRegex(psycopg2.IntegrityError, "period_unique"), self.cr.savepoint():
            self.gstr1()

    def test_computing_reads_the_month_in_the_same_number_of_queries_whatever_its_size(self):
        self.invoice(self.customer_ka, [(10, self.tax_gst_18)])
        self.invoice(self.consumer_mh, [(5, self.tax_igst_18)])
        self.invoice(self.customer_sez, [(1, self.tax_igst_18_sez)])
        gstr1 = self.gstr1()

        def queries_of_compute():
            gstr1.action_compute()
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            gstr1.action_compute()
            return self.cr.sql_log_count - before

        queries_of_compute()  # the first run also creates what a return makes once (chatter followers)
        small = queries_of_compute()
        for day in (12, 13, 14, 15):
            self.invoice(self.customer_ka, [(day, self.tax_gst_18)], day=day)
            self.invoice(self.consumer_mh, [(2, self.tax_igst_18)], day=day)
            self.invoice(self.customer_sez, [(1, self.tax_igst_18_sez)], day=day)
        self.assertEqual(queries_of_compute(), small)
        self.assertLessEqual(small, COMPUTE_QUERY_BUDGET)

    def test_an_export_to_a_buyer_without_a_state_and_a_gstin_changed_after_posting(self):
        # l10n_in falls back to the company's state as place of supply for a buyer abroad without one.
        overseas = self.customer_us.copy(
            {"name": "Lagos Pumps Ltd", "state_id": False, "country_id": self.env.ref("base.ng").id}
        )
        export = self.invoice(overseas, [(2, self.tax_igst_18_lut)])
        sale = self.invoice(self.customer_mh, [(1, self.tax_igst_18)])
        # The customer's GSTIN changes after the invoice: the return keeps the one on the posted invoice.
        self.customer_mh.vat = "27AAPFV0939F1ZU"
        gstr1 = self.gstr1()
        gstr1.action_compute()
        self.assertFalse(gstr1.refusal_ids, gstr1.refusal_ids.mapped("reasons"))
        sections = {section.section: section for section in gstr1.section_ids}
        self.assertEqual(sections["exp"].move_ids, export.ids)
        gstr1.action_export()
        portal = json.loads(b64decode(gstr1.portal_file))
        self.assertEqual([party["ctin"] for party in portal["b2b"]], [sale.l10n_in_gstin])
        self.assertEqual(sale.l10n_in_gstin, "27AAPFU0939F1ZV")
