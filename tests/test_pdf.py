import io
import shutil
import subprocess

from reportlab.platypus import Paragraph, SimpleDocTemplate

from nastavnik.platform.pdf import MARGINS, styles


def test_pdf_text_in_cyrillic_is_embedded_and_extractable(tmp_path):
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, **MARGINS).build(
        [Paragraph("Положение о системе наставничества", styles()["Title"])])
    path = tmp_path / "doc.pdf"
    path.write_bytes(buffer.getvalue())
    assert shutil.which("pdftotext"), "poppler-utils is installed by make test"
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "Положение о системе наставничества" in text
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True,
                           check=True).stdout
    assert "PTSans" in fonts and " yes " in fonts  # embedded
