"""Only administrators see or change the Tally settings; accountants read the log and retry."""

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import TallyCommon


@tagged("post_install", "-at_install")
class TestTallyAccess(TallyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.accountant = new_test_user(
            cls.env, login="oms_test_tally_accountant", groups="base.group_user,account.group_account_manager"
        )
        cls.admin = new_test_user(
            cls.env, login="oms_test_tally_admin", groups="base.group_user,base.group_system"
        )

    def test_settings_are_not_readable_by_non_admins(self):
        for user in (self.accountant, self.users["finance"], self.users["sales"]):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    self.config.with_user(user).read(["host", "port", "company_name"])
                with self.assertRaises(AccessError):
                    self.env["oms.tally.config"].with_user(user).search([])

    def test_wrong_role_cannot_edit_settings(self):
        for user in (self.accountant, self.users["finance"], self.users["manager"]):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.config.with_user(user).write({"port": 9999})
        self.assertNotEqual(self.config.port, 9999, "nothing was written")
        with self.assertRaises(AccessError):
            self.env["oms.tally.config"].with_user(self.accountant).create({"company_name": "X"})

    def test_admin_edits_settings(self):
        self.config.with_user(self.admin).write({"port": 9001, "batch_size": 50})
        self.assertEqual(self.config.port, 9001)

    def test_accountants_read_the_log_and_retry(self):
        self.config.company_name = "Not Loaded Ltd"
        order = self.confirmed_order()
        job = self.jobs_of(order)
        self.run_due()
        self.assertEqual(job.state, "failed")
        for user in (self.accountant, self.users["finance"]):
            with self.subTest(user=user.login):
                log = self.env["oms.tally.sync"].with_user(user).search([("id", "=", job.id)])
                self.assertIn("SVCurrentCompany", log.last_error)
                log.action_oms_retry()
                self.assertEqual(job.state, "pending")
                job.sudo().write({"state": "failed"})

    def test_salespeople_neither_see_the_log_nor_push_finance_pushes(self):
        with self.assertRaises(AccessError):
            self.env["oms.tally.sync"].with_user(self.users["sales"]).search([])
        self.config.auto_push = False
        order = self.confirmed_order()
        with self.assertRaisesRegex(AccessError, "Only Finance may send documents to Tally"):
            order.with_user(self.users["sales"]).action_oms_tally_push()
        self.assertFalse(self.jobs_of(order))
        order.with_user(self.users["finance"]).action_oms_tally_push()
        self.assertEqual(len(self.jobs_of(order)), 1)
