"""18.0.1.1.0: goods of pipeline orders leave only through the dispatch checks.

Companies of a database upgraded from 1.0 get the dispatch gate, as a fresh install gives it to the
companies it finds. Deliveries already validated, open deliveries and their e-way bills are kept as they are:
an open delivery is a tranche to plan; one whose quantities were already set is a planned tranche.
"""


def migrate(cr, version):
    if not version:
        return
    cr.execute("UPDATE res_company SET oms_dispatch_gate = TRUE")
