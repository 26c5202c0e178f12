"""Forms of the second factor: a six-digit code from an authenticator app, or a recovery code."""

from django import forms
from django_otp import match_token


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=16,
        help_text="The 6-digit code your authenticator app shows now, or one of your recovery codes.",
        widget=forms.TextInput(
            attrs={
                "class": "input input--code",
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "spellcheck": "false",
            }
        ),
        error_messages={"required": "Enter the code from your authenticator app."},
    )

    def __init__(self, *args, user, device=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.device = device
        if device is not None:
            self.fields["code"].help_text = "The 6-digit code your authenticator app shows now."

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        if self.device is not None:  # setting up: only the new app's code will do
            if not self.device.verify_token(code):
                raise forms.ValidationError(
                    "That code is not right: enter the code your app shows now"
                )
            return code
        self.device = match_token(self.user, code)
        if self.device is None:
            raise forms.ValidationError(
                "That code is not right: enter the code your app shows now, or a recovery code"
            )
        return code
