"""The fields of the suite's e-invoice connection (oms.einvoice.config) that reach a running IRP and e-way
bill simulator, as the load test and the demo history set them."""


def einvoice_connection_values(irp, ewb):
    """Addresses, credentials and public keys of both simulators, by the connection's field names."""
    values = {}
    for prefix, simulator in (("", irp), ("ewb_", ewb)):
        values.update(
            {
                f"{prefix}base_url": simulator.base_url,
                f"{prefix}client_id": simulator.client_id,
                f"{prefix}client_secret": simulator.client_secret,
                f"{prefix}username": simulator.username,
                f"{prefix}password": simulator.password,
                f"{prefix}public_key_pem": simulator.public_key_pem,
            }
        )
    return values
