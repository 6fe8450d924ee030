{
    "name": "Order Management: Tally Prime e-Invoice",
    "summary": "The IRN, its acknowledgement and the e-way bills of an invoice in Tally's own fields of the "
    "Sales voucher; the voucher is altered when they arrive after it was sent",
    "version": "18.0.1.0.0",
    "category": "Accounting/Accounting",
    "website": "https://github.com/oms-suite/order-management",
    "author": "Order Management Suite",
    "license": "LGPL-3",
    "depends": ["oms_tally_bridge", "oms_gst_india"],
    "data": [
        "security/ir.model.access.csv",
    ],
    "installable": True,
    "auto_install": True,
    "images": ["static/description/screenshot_tax_invoice.png"],
}
