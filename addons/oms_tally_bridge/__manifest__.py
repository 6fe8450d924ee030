{
    "name": "Order Management: Tally Prime Bridge",
    "summary": "Sales Order and Sales vouchers, ledgers and stock items pushed to Tally Prime as XML, "
    "with an outbox, idempotent re-send, file export and reconciliation",
    "version": "18.0.1.0.0",
    "category": "Accounting/Accounting",
    "website": "https://github.com/oms-suite/order-management",
    "author": "Order Management Suite",
    "license": "LGPL-3",
    "depends": ["oms_handover", "account"],
    "external_dependencies": {"python": ["lxml", "requests"]},
    "data": [
        "security/ir.model.access.csv",
    ],
    "installable": True,
}
