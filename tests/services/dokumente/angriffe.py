"""Werkzeuge der Angriffstests: so verändert ein Angreifer ein unterzeichnetes Dokument
(pyHanko direkt, wie ein beliebiges PDF-Werkzeug)."""

from __future__ import annotations

import io
import zlib

from asn1crypto import cms


def _schreiber(daten: bytes):
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    return IncrementalPdfFileWriter(io.BytesIO(daten), strict=False)


def _fertig(schreiber) -> bytes:
    ausgabe = io.BytesIO()
    schreiber.write(ausgabe)
    return ausgabe.getvalue()


def info_aendern(daten: bytes) -> bytes:
    from pyhanko.pdf_utils import generic

    w = _schreiber(daten)
    verweis = w.trailer.raw_get("/Info")
    verweis.get_object()["/Title"] = generic.TextStringObject("Alle Ziele gelten als erreicht")
    w.mark_update(verweis)
    return _fertig(w)


def xmp_tauschen(daten: bytes) -> bytes:
    from pyhanko.pdf_utils import generic

    w = _schreiber(daten)
    xmp = (
        b'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
        b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
        b'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Gefaelscht</dc:title>'
        b'</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>'
    )
    strom = generic.StreamObject(
        {"/Type": generic.NameObject("/Metadata"), "/Subtype": generic.NameObject("/XML")},
        stream_data=xmp,
    )
    w.root["/Metadata"] = w.add_object(strom)
    w.update_root()
    return _fertig(w)


def objekt_anhaengen(daten: bytes) -> bytes:
    from pyhanko.pdf_utils import generic

    w = _schreiber(daten)
    w.add_object(
        generic.DictionaryObject(
            {generic.NameObject("/Nachtrag"): generic.TextStringObject("Ziele erreicht")}
        )
    )
    return _fertig(w)


def stempel(daten: bytes, text: str = "Alle Ziele gelten als erreicht") -> bytes:
    """Ein sichtbarer Stempel auf Seite 1 (neuer Seiteninhalt)."""
    from pyhanko.stamp import TextStamp, TextStampStyle

    w = _schreiber(daten)
    TextStamp(w, TextStampStyle(stamp_text=text, border_width=2)).apply(0, 60, 600)
    return _fertig(w)


def signiere_neues_feld(daten: bytes, p12: bytes, passphrase: str, feld="Nachtrag") -> bytes:
    from pyhanko.sign import signers
    from pyhanko.sign.fields import SigFieldSpec, SigSeedSubFilter

    signer = signers.SimpleSigner.load_pkcs12_data(p12, [], passphrase.encode())
    meta = signers.PdfSignatureMetadata(field_name=feld, subfilter=SigSeedSubFilter.PADES)
    feldspec = SigFieldSpec(feld, box=(60, 500, 260, 560))
    unterzeichner = signers.PdfSigner(meta, signer=signer, new_field_spec=feldspec)
    return unterzeichner.sign_pdf(_schreiber(daten)).getvalue()


def kippe_im_container(daten: bytes, nummer: int, teil: str) -> bytes:
    """Im Signaturcontainer der `nummer`-ten Signatur (ab 0) das Kennbyte eines nicht
    signierten Teils kippen (`zertifikate` oder `zeitstempel`), sodass er nicht mehr parst."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    sig = PdfFileReader(io.BytesIO(daten), strict=False).embedded_regular_signatures[nummer]
    br = [int(x) for x in sig.byte_range]
    start, ende = br[1] + 1, br[2] - 1  # zwischen „<“ und „>“
    container = bytearray(bytes.fromhex(daten[start:ende].decode("ascii")))
    sd = cms.ContentInfo.load(bytes(container))["content"]
    if teil == "zertifikate":
        block = sd["certificates"][0].dump()
    else:
        block = sd["signer_infos"][0]["unsigned_attrs"][0]["values"][0].dump()
    stelle = bytes(container).index(block)
    container[stelle] ^= 0x01  # SEQUENCE (0x30) → SET (0x31)
    hexa = container.hex().encode("ascii")
    if daten[start:ende].isupper() or daten[start : start + 2].isupper():
        hexa = hexa.upper()
    return daten[:start] + hexa + daten[ende:]


def json_bombe(daten: bytes, megabyte: int = 300) -> bytes:
    """Die eingebettete zielvereinbarung.json durch einen Strom ersetzen, der entpackt
    `megabyte` MB groß ist (inkrementelle Aktualisierung)."""
    packer = zlib.compressobj(9)
    teile = [packer.compress(b" " * 2**20) for _ in range(megabyte)]
    teile.append(packer.flush())
    return json_ersetzen(daten, b"".join(teile), gepackt=True)


def json_ersetzen(daten: bytes, roh: bytes, gepackt: bool = False) -> bytes:
    """Die eingebettete zielvereinbarung.json durch `roh` ersetzen (inkrementelle
    Aktualisierung; `gepackt`: `roh` ist schon mit Flate gepackt)."""
    from pyhanko.pdf_utils import generic

    w = _schreiber(daten)
    namen = w.root["/Names"]["/EmbeddedFiles"]["/Names"]
    for i in range(0, len(namen), 2):
        if str(namen[i]) == "zielvereinbarung.json":
            verweis = namen.raw_get(i + 1) if hasattr(namen, "raw_get") else namen[i + 1]
            spec = verweis.get_object()
            kopf = {generic.NameObject("/Type"): generic.NameObject("/EmbeddedFile")}
            if gepackt:
                kopf[generic.NameObject("/Filter")] = generic.NameObject("/FlateDecode")
            strom = generic.StreamObject(kopf, encoded_data=roh)
            spec["/EF"][generic.NameObject("/F")] = w.add_object(strom)
            w.mark_update(verweis)
            return _fertig(w)
    raise AssertionError("keine zielvereinbarung.json gefunden")
