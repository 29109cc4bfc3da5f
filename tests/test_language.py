"""A policy that is not in English says so, instead of reporting every disclosure missing."""

from __future__ import annotations

import json

from checker.reading import read_document
from tests.conftest import run_cli

GERMAN = """# Datenschutzerklärung

Verantwortlicher für die Verarbeitung Ihrer personenbezogenen Daten ist die Kranich Versand GmbH,
Hafenstraße 12, 20457 Hamburg, E-Mail: datenschutz@kranich.example.

## Zwecke und Rechtsgrundlagen

Wir verarbeiten Ihre Daten zur Abwicklung Ihrer Bestellung und zur Kundenbetreuung. Die Verarbeitung
erfolgt auf Grundlage von Art. 6 Abs. 1 lit. b DSGVO, soweit sie für die Erfüllung des Vertrages mit
Ihnen erforderlich ist, und im Übrigen auf Grundlage unseres berechtigten Interesses an der
Verbesserung unserer Angebote.

## Speicherdauer

Ihre Daten werden gelöscht, sobald sie für die Erreichung des Zweckes ihrer Erhebung nicht mehr
erforderlich sind; gesetzliche Aufbewahrungsfristen von bis zu zehn Jahren bleiben unberührt.

## Ihre Rechte

Sie haben das Recht auf Auskunft, Berichtigung, Löschung und Einschränkung der Verarbeitung sowie das
Recht auf Datenübertragbarkeit. Sie können der Verarbeitung, die auf unserem berechtigten Interesse
beruht, jederzeit widersprechen. Eine erteilte Einwilligung können Sie jederzeit mit Wirkung für die
Zukunft widerrufen. Sie haben zudem das Recht, sich bei einer Datenschutzaufsichtsbehörde zu
beschweren, insbesondere in dem Mitgliedstaat Ihres Aufenthaltsortes.

## Empfänger

Wir geben Ihre Daten an Versanddienstleister und Zahlungsanbieter weiter, soweit dies für die
Lieferung und Bezahlung der Ware erforderlich ist. Eine Übermittlung in Drittländer findet nicht statt.
"""

FRENCH = """<html><body><h1>Politique de confidentialité</h1>
<p>Le responsable du traitement de vos données personnelles est la société Atelier Lumen SAS, 8 rue
des Tanneurs, 69001 Lyon. Vous pouvez nous contacter à l'adresse contact@lumen.example.</p>
<h2>Finalités</h2>
<p>Nous utilisons vos données pour traiter vos commandes, gérer votre compte client et, avec votre
accord, vous envoyer notre lettre d'information. Le traitement est fondé sur l'exécution du contrat
et, pour la lettre d'information, sur votre consentement, que vous pouvez retirer à tout moment.</p>
<h2>Durée de conservation</h2>
<p>Vos données sont conservées pendant toute la durée de la relation contractuelle, puis pendant
trois ans à compter de la fin de celle-ci à des fins de prospection.</p>
<h2>Vos droits</h2>
<p>Conformément à la réglementation applicable, vous disposez d'un droit d'accès, de rectification,
d'effacement et de portabilité de vos données, ainsi que d'un droit d'opposition et de limitation du
traitement. Vous pouvez exercer ces droits en écrivant à contact@lumen.example. Vous avez également le
droit d'introduire une réclamation auprès de la CNIL. Nous ne vendons pas vos données et nous ne les
transférons pas en dehors de l'Union européenne, sauf à nos prestataires qui sont liés par des clauses
contractuelles types.</p>
</body></html>
"""

# English, but full of German names, an address block and a few legal terms in German: still English.
ENGLISH_WITH_GERMAN_NAMES = (
    """# Privacy notice

The controller is Bäckerei Müller & Söhne GmbH, Hauptstraße 5, 80331 München, Germany
(Geschäftsführer: Hans Müller; Amtsgericht München HRB 12345). You can reach our data protection
officer at datenschutz@mueller.example.

"""
    + "We use your name and e-mail address to run your loyalty account and to send you the offers you "
    "asked for. You have the right to access, correct and delete your data, to object to its use for "
    "marketing, and to complain to the Bayerisches Landesamt für Datenschutzaufsicht. We keep your "
    "data for as long as your account is open and for two years after you close it. " * 3
)


def _warnings(tmp_path, name: str, text: str) -> list[str]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return read_document(str(path)).warnings


def test_a_german_policy_is_flagged_as_not_english(tmp_path):
    (warning,) = _warnings(tmp_path, "datenschutz.md", GERMAN)
    assert "reads as German, not English" in warning and "not reliable" in warning


def test_a_french_html_policy_is_flagged_with_its_language(tmp_path):
    (warning,) = _warnings(tmp_path, "confidentialite.html", FRENCH)
    assert "reads as French" in warning


def test_english_with_foreign_names_and_addresses_is_not_flagged(tmp_path):
    assert _warnings(tmp_path, "notice.md", ENGLISH_WITH_GERMAN_NAMES) == []


def test_a_short_foreign_paragraph_is_not_judged(tmp_path):
    paragraph = GERMAN.split("## Speicherdauer")[1].split("##")[0]
    assert _warnings(tmp_path, "kurz.md", paragraph) == []


def test_the_warning_reaches_the_json_report_and_the_terminal(tmp_path):
    path = tmp_path / "datenschutz.md"
    path.write_text(GERMAN, encoding="utf-8")
    report = json.loads(run_cli("check", "--pack", "gdpr", "--format", "json", path).stdout)
    (document,) = report["documents"]
    assert any("reads as German" in w for w in document["warnings"])
    text = run_cli("check", "--pack", "gdpr", path).output
    assert "warning: the policy reads as German, not English" in text


def test_ci_consumers_see_the_warning_in_sarif_and_github_annotations(tmp_path):
    path = tmp_path / "datenschutz.md"
    path.write_text(GERMAN, encoding="utf-8")
    sarif = json.loads(run_cli("check", "--pack", "gdpr", "--format", "sarif", path).stdout)
    (invocation,) = sarif["runs"][0]["invocations"]
    (notification,) = invocation["toolExecutionNotifications"]
    assert notification["level"] == "warning" and "reads as German" in notification["message"]["text"]
    assert invocation["executionSuccessful"] is True  # a warning is not a failed run
    github = run_cli("check", "--pack", "gdpr", "--format", "github", path).stdout.splitlines()
    assert github[0].startswith("::warning file=") and "reads as German" in github[0]


def test_junit_carries_the_warning_as_the_suites_standard_error(tmp_path):
    import xml.etree.ElementTree as ET

    path = tmp_path / "datenschutz.md"
    path.write_text(GERMAN, encoding="utf-8")
    suite = ET.fromstring(run_cli("check", "--pack", "gdpr", "--format", "junit", path).stdout).find("testsuite")
    assert suite[-1].tag == "system-err" and "reads as German" in suite[-1].text
