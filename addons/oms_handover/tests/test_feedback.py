"""Customer Feedback (seed 002): one per order, scores validated, low ratings followed up, role access."""

from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import OmsCommon


@tagged("post_install", "-at_install")
class TestCustomerFeedback(OmsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order = cls.confirmed_order()
        cls.Feedback = cls.env["oms.customer.feedback"]

    def _feedback_as(self, role, **values):
        return self.as_role(self.Feedback, role).create({"order_id": self.order.id, **values})

    def _feedback_activities(self, feedback):
        return self.env["mail.activity"].search(
            [("res_model", "=", "oms.customer.feedback"), ("res_id", "=", feedback.id)]
        )

    def test_good_rating_is_saved_and_logged_on_the_order(self):
        feedback = self._feedback_as("sales", rating=5, nps=9, comment="On time, well packed.")
        self.assertEqual(feedback.partner_id, self.customer)
        self.assertEqual(feedback.company_id, self.order.company_id)
        self.assertEqual(feedback.user_id, self.users["sales"])
        self.assertFalse(self._feedback_activities(feedback), "a happy customer needs no follow-up")
        self.assertIn("rating 5/5", self.order.message_ids[0].body)

    def test_low_rating_schedules_follow_up_for_customer_salesperson(self):
        self.customer.user_id = self.users["manager"]
        feedback = self._feedback_as("sales", rating=2, nps=3, comment="Late delivery.")
        activity = self._feedback_activities(feedback)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.users["manager"], "the customer's own salesperson first")

    def test_low_rating_falls_back_to_order_salesperson(self):
        self.assertFalse(self.customer.user_id)
        feedback = self._feedback_as("sales", rating=1)
        self.assertEqual(self._feedback_activities(feedback).user_id, self.order.user_id)

    def test_scores_out_of_range_are_refused_and_nothing_saved(self):
        for values in ({"rating": 0}, {"rating": 6}, {"rating": 4, "nps": 11}, {"rating": 4, "nps": -1}):
            with self.subTest(values=values), self.assertRaises(ValidationError), self.env.cr.savepoint():
                self._feedback_as("sales", **values)
        self.assertFalse(self.Feedback.search([("order_id", "=", self.order.id)]))

    def test_edit_cannot_put_score_out_of_range(self):
        feedback = self._feedback_as("sales", rating=4, nps=8)
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            feedback.write({"rating": 9})
        self.assertEqual(feedback.rating, 4)

    @mute_logger("odoo.sql_db")
    def test_one_feedback_per_order(self):
        self._feedback_as("sales", rating=4)
        with self.assertRaises(IntegrityError), self.env.cr.savepoint():
            self._feedback_as("manager", rating=3)
        self.assertEqual(self.Feedback.search_count([("order_id", "=", self.order.id)]), 1)

    def test_other_roles_read_but_cannot_record(self):
        feedback = self._feedback_as("manager", rating=4)
        for role in ("procurement", "finance", "dispatch", "production"):
            with self.subTest(role=role):
                self.assertEqual(self.as_role(feedback, role).rating, 4)
                with self.assertRaises(AccessError):
                    self.as_role(feedback, role).write({"rating": 5})
        with self.assertRaises(AccessError):
            self._feedback_as("dispatch", rating=5)

    def test_record_feedback_button_opens_new_then_existing_feedback(self):
        self.put_at_stage(self.order, "complete_dispatch")
        action = self.as_role(self.order, "sales").action_oms_record_feedback()
        self.assertEqual(action["res_model"], "oms.customer.feedback")
        self.assertFalse(action["res_id"])
        with Form(self.as_role(self.Feedback, "sales").with_context(**action["context"])) as form:
            form.rating = 4
            form.nps = 7
        feedback = form.save()
        self.assertEqual(feedback.order_id, self.order)
        self.assertEqual(self.order.action_oms_record_feedback()["res_id"], feedback.id)

    def test_partner_smart_button_counts_company_and_contacts(self):
        contact = self.env["res.partner"].create({"name": "Buyer", "parent_id": self.customer.id})
        other_order = self.confirmed_order(partner_id=contact.id)
        self._feedback_as("sales", rating=5)
        self.as_role(self.Feedback, "sales").create({"order_id": other_order.id, "rating": 3})
        self.assertEqual(self.customer.oms_feedback_count, 2)
        action = self.customer.action_oms_view_feedback()
        self.assertEqual(self.Feedback.search_count(action["domain"]), 2)
