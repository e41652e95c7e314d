from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import MESSAGE_MAX, SUBJECT_MAX, SupportRequest


class RequestForm(forms.Form):
    subject = forms.CharField(label=_("Objet"), max_length=SUBJECT_MAX)
    topic = forms.ChoiceField(label=_("Thème"), choices=SupportRequest.Topic.choices)
    urgency = forms.ChoiceField(
        label=_("Urgence"), choices=SupportRequest.Urgency.choices, initial=SupportRequest.Urgency.NORMAL
    )
    text = forms.CharField(
        label=_("Votre demande (le contexte, ce que vous attendez de l'AVIQ)"),
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class MessageForm(forms.Form):
    text = forms.CharField(label=_("Message"), max_length=MESSAGE_MAX, widget=forms.Textarea(attrs={"rows": 4}))
