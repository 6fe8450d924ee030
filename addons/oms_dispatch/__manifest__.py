{
    "name": "Order Management: Dispatch",
    "summary": "Operations board, vendor placement, production stages, shipment planning, partial and "
    "complete dispatch with challans and proof of delivery",
    "version": "18.0.1.0.0",
    "category": "Inventory/Delivery",
    "website": "https://github.com/oms-suite/order-management",
    "author": "Order Management Suite",
    "license": "LGPL-3",
    "depends": ["oms_handover", "sale_stock", "purchase_stock", "sale_purchase_stock"],
    "data": [
        "security/oms_dispatch_security.xml",
        "security/ir.model.access.csv",
    ],
    "demo": [
        "demo/oms_dispatch_demo.xml",
    ],
    "installable": True,
}
