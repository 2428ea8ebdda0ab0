"""The app's tabs: one module per tab with its layout and handlers; ui.py assembles them."""
