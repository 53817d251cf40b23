"""The patient's visit: navigation, idle and gesture rules, what read-aloud says."""
