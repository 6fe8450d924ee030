"""A kit whose components are counted in another unit (kilograms against units): its order confirms, and
what is reserved for it is counted in whole kits through its BoM, never by converting kilograms into units
(Odoo's sale_mrp sells such kits; the availability columns must not break them)."""

from odoo import Command

from .common import OmsManufacturingCommon


class TestKitAvailability(OmsManufacturingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        kilogram = cls.env.ref("uom.product_uom_kgm")
        gram = cls.env.ref("uom.product_uom_gram")
        cls.powder = cls.env["product.product"].create(
            {
                "name": "Test Sealing Powder",
                "is_storable": True,
                "uom_id": kilogram.id,
                "uom_po_id": kilogram.id,
            }
        )
        cls.gasket = cls.env["product.product"].create({"name": "Test Gasket", "is_storable": True})
        cls.kit = cls.env["product.product"].create({"name": "Test Sealing Kit", "is_storable": True})
        cls.env["mrp.bom"].create(
            {
                "product_tmpl_id": cls.kit.product_tmpl_id.id,
                "product_qty": 2,
                "type": "phantom",
                "bom_line_ids": [
                    # 2 kits need 1,000 g of powder (0.5 kg a kit) and 4 gaskets (2 a kit).
                    Command.create(
                        {"product_id": cls.powder.id, "product_qty": 1000, "product_uom_id": gram.id}
                    ),
                    Command.create({"product_id": cls.gasket.id, "product_qty": 4}),
                ],
            }
        )
        stock = cls.warehouse.lot_stock_id
        cls.env["stock.quant"]._update_available_quantity(cls.powder, stock, 2.0)  # 4 kits' worth
        cls.env["stock.quant"]._update_available_quantity(cls.gasket, stock, 6.0)  # 3 kits' worth

    def kit_order(self, quantity):
        return self.confirmed_order(
            order_line=[Command.create({"product_id": self.kit.id, "product_uom_qty": quantity})]
        )

    def test_kit_in_other_units_confirms_and_counts_reserved_kits(self):
        order = self.kit_order(5)
        line = order.order_line
        self.assertEqual(line.move_ids.product_id, self.powder | self.gasket)
        # Reserved: 2 kg of powder (4 kits) and 6 gaskets (3 kits): 3 whole kits are ready to leave.
        self.assertEqual(line._oms_reserved_quantities()[line.id], 3.0)
        self.assertEqual(line.oms_short_qty, 2.0)

    def test_kit_without_reservation_is_short_by_its_quantity(self):
        self.env["stock.quant"]._update_available_quantity(self.gasket, self.warehouse.lot_stock_id, -6.0)
        order = self.kit_order(2)
        line = order.order_line
        self.assertEqual(line._oms_reserved_quantities()[line.id], 0.0)
        self.assertEqual(line.oms_available_qty, 0.0)
        self.assertEqual(line.oms_short_qty, 2.0)
