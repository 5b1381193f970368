"""The office node's side of the sync with the centre (docs/nodes.md): pairing, sending up, taking down."""
