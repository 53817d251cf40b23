"""The take-home: the static web page for the patient's phone."""
