"""The form offers each user only the moves the engine would let them make now (issue 14, point 5): the
pipeline status bar, Next Stage and Move to... follow the order's stage and the user's role; the server
still refuses the rest."""

from odoo.exceptions import AccessError

from .common import OmsCommon


class TestPipelineActions(OmsCommon):
    def bar(self, order, role):
        order = self.as_role(order, role)
        order.invalidate_recordset()
        return {step["code"]: step for step in order.oms_pipeline_bar}

    def test_each_role_sees_only_the_moves_it_may_make(self):
        order = self.confirmed_order()
        self.as_role(order, "production").action_oms_move("finished_products")
        for role, may_move in (("finance", True), ("manager", True), ("sales", False), ("dispatch", False)):
            with self.subTest(role=role):
                bar = self.bar(order, role)
                self.assertTrue(bar["finished_products"]["current"])
                self.assertTrue(bar["sale_order"]["passed"])
                self.assertEqual(
                    [code for code, step in bar.items() if step["allowed"]], ["invoice"] if may_move else []
                )
                as_role = self.as_role(order, role)
                self.assertEqual((as_role.oms_can_move_next, as_role.oms_can_move), (may_move, may_move))
        # What the form hides, the server still refuses.
        with self.assertRaisesRegex(AccessError, "Only Finance"):
            self.as_role(order, "sales").action_oms_move_next()
        # The Move to... wizard offers the same stages.
        wizard = self.as_role(self.env["oms.move.wizard"], "finance").create(
            {"order_id": order.id, "stage_id": self.stages["invoice"].id}
        )
        self.assertEqual(wizard.allowed_stage_ids.mapped("code"), ["invoice"])

    def test_the_bar_follows_the_company_pipeline_and_shows_nothing_before_confirmation(self):
        self.env["oms.pipeline.step"].search(
            [("company_id", "=", self.env.company.id), ("stage_id.code", "=", "shipment")]
        ).enabled = False
        order = self.confirmed_order()
        codes = list(self.bar(order, "manager"))
        self.assertNotIn("shipment", codes)
        self.assertEqual((codes[0], codes[-1]), ("sale_order", "customer_feedback"))
        quotation = self.create_order()
        self.assertFalse(self.as_role(quotation, "sales").oms_pipeline_bar)
        self.assertFalse(self.as_role(quotation, "manager").oms_can_move)
