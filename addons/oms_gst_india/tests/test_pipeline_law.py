"""What a company under GST may not configure away (issue 14, point 1): its tax invoice and e-way bill
stages stay on, and the documents come before the goods leave."""

from odoo.exceptions import ValidationError

from .common import OmsGstCommon


class TestPipelineLaw(OmsGstCommon):
    def steps(self):
        return {
            step.code: step
            for step in self.env["oms.pipeline.step"].search([("company_id", "=", self.company.id)])
        }

    def test_tax_invoice_and_eway_bill_stay_on_under_gst(self):
        steps = self.steps()
        for code, law in (("tax_invoice", "CGST Act s.31"), ("eway_bill", "CGST Rule 138")):
            with (
                self.subTest(code=code),
                self.assertRaisesRegex(ValidationError, law),
                self.env.cr.savepoint(),
            ):
                steps[code].enabled = False
        self.env.invalidate_all()
        self.assertTrue(all(step.enabled for step in self.steps().values()))

    def test_documents_come_before_the_goods_leave(self):
        steps = self.steps()
        after_dispatch = steps["complete_dispatch"].sequence + 1
        for code, name in (("eway_bill", "E-Way Bill"), ("tax_invoice", "Tax Invoice")):
            refused = f"{name} must come before Partial Dispatch"
            with (
                self.subTest(code=code),
                self.assertRaisesRegex(ValidationError, refused),
                self.env.cr.savepoint(),
            ):
                steps[code].sequence = after_dispatch

    def test_turning_gst_on_refuses_a_pipeline_without_its_documents(self):
        self.company.oms_gst_enforce = False
        self.steps()["eway_bill"].enabled = False
        with (
            self.assertRaisesRegex(ValidationError, "E-Way Bill cannot be disabled"),
            self.env.cr.savepoint(),
        ):
            self.company.oms_gst_enforce = True
        self.env.invalidate_all()
        self.assertFalse(self.company.oms_gst_enforce)
