from odoo.exceptions import AccessError, UserError, ValidationError

from .test_assembly_plan import OmsManufacturingCommon


class TestFinishedGoods(OmsManufacturingCommon):
    def finished_order(self):
        order = self.panel_order()
        self.put_at_stage(order, "finished_products")
        return order

    def test_finished_quantities_drive_readiness(self):
        order = self.finished_order()
        line = order.order_line
        self.assertEqual(order.oms_finished_readiness, "not_ready")
        self.as_role(line, "production").oms_finished_qty = 4
        self.assertEqual(order.oms_finished_readiness, "partial")
        self.assertIn("not all finished", " ".join(order._oms_check_finished_goods_ready()))
        self.as_role(line, "production").oms_finished_qty = 10
        self.assertEqual(order.oms_finished_readiness, "ready")

    def test_receipt_into_the_destination_warehouse_is_linked_to_the_order(self):
        order = self.finished_order()
        self.assertEqual(order.oms_finished_warehouse_id, self.warehouse)
        destination = self.env["stock.warehouse"].create(
            {"name": "Test Finished Goods", "code": "TFG", "company_id": self.company.id}
        )
        production_order = self.as_role(order, "production")
        with self.assertRaisesRegex(UserError, "record the finished quantity"):
            production_order.action_oms_receive_finished()
        production_order.write({"oms_finished_warehouse_id": destination.id})
        self.as_role(order.order_line, "production").oms_finished_qty = 4
        action = production_order.action_oms_receive_finished()
        receipt = order.oms_finished_picking_ids
        self.assertEqual(len(receipt), 1)
        self.assertEqual(action["res_id"], receipt.id)
        self.assertEqual(order.oms_finished_picking_count, 1)
        self.assertRecordValues(
            receipt,
            [
                {
                    "picking_type_id": destination.int_type_id.id,
                    "location_id": self.warehouse.lot_stock_id.id,
                    "location_dest_id": destination.lot_stock_id.id,
                    "origin": order.name,
                    "state": "confirmed",
                }
            ],
        )
        self.assertEqual(receipt.move_ids.product_uom_qty, 4)
        self.assertEqual(receipt.move_ids.sale_line_id, order.order_line)
        # Only what is not received yet goes on the next transfer.
        self.as_role(order.order_line, "production").oms_finished_qty = 10
        production_order.action_oms_receive_finished()
        self.assertEqual(order.oms_finished_picking_ids.move_ids.mapped("product_uom_qty"), [4, 6])
        self.assertEqual(production_order.action_oms_view_finished_receipts()["domain"][0][2], order.id)
        with self.assertRaisesRegex(UserError, "Nothing to receive"):
            production_order.action_oms_receive_finished()
        self.assertFalse(
            order.order_line.move_ids.filtered(
                lambda move: move.location_dest_id.usage == "customer"
            ).quantity
        )

    def test_receipt_and_readiness_gate_invoice_and_qc_hold_still_blocks(self):
        order = self.finished_order()
        self.as_role(order.order_line, "production").oms_finished_qty = 10
        with self.assertRaisesRegex(UserError, "Receive the finished goods"):
            self.as_role(order, "finance").action_oms_move("invoice")
        self.as_role(order, "production").action_oms_receive_finished()
        self.as_role(order, "production").action_oms_qc_hold()
        with self.assertRaisesRegex(UserError, "quality hold"):
            self.as_role(order, "finance").action_oms_move("invoice")
        self.as_role(order, "production").action_oms_qc_release()
        self.as_role(order, "finance").action_oms_move("invoice")
        self.assertEqual(order.oms_stage_id.code, "invoice")

    def test_bad_finished_input_is_refused(self):
        order = self.finished_order()
        with self.assertRaises(ValidationError) as caught:
            self.as_role(order.order_line, "production").oms_finished_qty = 11
        self.assertIn("between 0 and the 10.0 ordered", str(caught.exception))
        with self.assertRaises(AccessError):
            self.as_role(order.order_line, "sales").oms_finished_qty = 5
        with self.assertRaises(AccessError):
            self.as_role(order, "dispatch").action_oms_receive_finished()
        self.assertEqual(order.order_line.oms_finished_qty, 0)
        self.assertFalse(order.oms_finished_picking_ids)
