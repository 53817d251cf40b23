"""The machine: the data folder, systemd notify, crash policy, the staff PIN."""
