#!/usr/bin/env python3
"""An independent peer for Skiff's sigstore keys and signatures, written from cosign's formats.

cosign and skopeo are Go programs with no Debian build that signs with sigstore keys (Debian's
skopeo 1.9.3 has sigstore compiled out), so this peer stands in for them: python3-cryptography for
ECDSA and PKCS#8, hashlib's scrypt, and libsodium's crypto_secretbox (the same NaCl box Go's
x/crypto/nacl/secretbox implements) through ctypes. Nothing here shares code with Skiff.

  generate PREFIX PASSPHRASE [N]      PREFIX.private (ENCRYPTED SIGSTORE PRIVATE KEY) and PREFIX.pub;
                                      scrypt N=32768 (cosign's first keys) unless N says 65536 (today's)
  decrypt KEY PASSPHRASE              prints the PEM public key of the decrypted private key
  sign KEY PASSPHRASE DIGEST IDENTITY prints the signature as containers/image's sigstore-json
                                      object {mimeType, payload, annotations}, payload as cosign writes it
  verify PUBKEY SIGJSON               verifies SIGJSON (the same object) and prints its payload
  seal KEYHEX NONCEHEX MSGHEX …       libsodium crypto_secretbox_easy, one hex line per triple
  open KEYHEX NONCEHEX BOXHEX …       libsodium crypto_secretbox_open_easy, one hex line per triple
                                      ("forged" when the box does not open)
"""
import base64
import ctypes
import hashlib
import json
import os
import sys

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa

SIGNATURE_ANNOTATION = "dev.cosignproject.cosign/signature"
MIME_TYPE = "application/vnd.dev.cosign.simplesigning.v1+json"

_sodium = ctypes.CDLL("libsodium.so.23")
assert _sodium.sodium_init() >= 0


def seal(key, nonce, message):
    box = ctypes.create_string_buffer(len(message) + 16)
    rc = _sodium.crypto_secretbox_easy(box, message, ctypes.c_ulonglong(len(message)), nonce, key)
    assert rc == 0
    return box.raw


def open_box(key, nonce, box):
    if len(box) < 16:
        return None
    message = ctypes.create_string_buffer(max(len(box) - 16, 1))
    rc = _sodium.crypto_secretbox_open_easy(message, box, ctypes.c_ulonglong(len(box)), nonce, key)
    return None if rc != 0 else message.raw[: len(box) - 16]


def scrypt_key(passphrase, kdf):
    params = kdf["params"]
    assert kdf["name"] == "scrypt"
    assert (params["N"], params["r"], params["p"]) in ((32768, 8, 1), (65536, 8, 1), (131072, 8, 1))
    return hashlib.scrypt(passphrase, salt=base64.b64decode(kdf["salt"]), n=params["N"], r=params["r"],
                          p=params["p"], maxmem=512 * 1024 * 1024, dklen=32)


def pem(kind, der):
    b64 = base64.b64encode(der).decode()
    lines = [b64[i:i + 64] for i in range(0, len(b64), 64)]
    return "-----BEGIN %s-----\n%s\n-----END %s-----\n" % (kind, "\n".join(lines), kind)


def unpem(text):
    lines = text.strip().splitlines()
    kind = lines[0][len("-----BEGIN "):-len("-----")]
    return kind, base64.b64decode("".join(lines[1:-1]))


def load_private(path, passphrase):
    kind, body = unpem(open(path).read())
    if kind not in ("ENCRYPTED SIGSTORE PRIVATE KEY", "ENCRYPTED COSIGN PRIVATE KEY"):
        raise SystemExit("unsupported pem type: " + kind)
    data = json.loads(body)
    assert data["cipher"]["name"] == "nacl/secretbox"
    key = scrypt_key(passphrase, data["kdf"])
    der = open_box(key, base64.b64decode(data["cipher"]["nonce"]), base64.b64decode(data["ciphertext"]))
    if der is None:
        raise SystemExit("decrypt: encrypted: decryption failed")
    return serialization.load_der_private_key(der, password=None)


def public_pem(public_key):
    return public_key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()


def generate(prefix, passphrase, n=32768):
    private_key = ec.generate_private_key(ec.SECP256R1())
    der = private_key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                                    serialization.NoEncryption())
    kdf = {"name": "scrypt", "params": {"N": n, "r": 8, "p": 1},
           "salt": base64.b64encode(os.urandom(32)).decode()}
    nonce = os.urandom(24)
    box = seal(scrypt_key(passphrase, kdf), nonce, der)
    data = {"kdf": kdf, "cipher": {"name": "nacl/secretbox", "nonce": base64.b64encode(nonce).decode()},
            "ciphertext": base64.b64encode(box).decode()}
    with open(prefix + ".private", "w") as f:
        f.write(pem("ENCRYPTED SIGSTORE PRIVATE KEY", json.dumps(data, separators=(",", ":")).encode()))
    with open(prefix + ".pub", "w") as f:
        f.write(public_pem(private_key.public_key()))


def sign(key_path, passphrase, digest, identity):
    private_key = load_private(key_path, passphrase)
    # As cosign writes it: "optional": null when there are no annotations.
    payload = json.dumps({"critical": {"identity": {"docker-reference": identity},
                                       "image": {"docker-manifest-digest": digest},
                                       "type": "cosign container image signature"},
                          "optional": None}, separators=(",", ":")).encode()
    if isinstance(private_key, ec.EllipticCurvePrivateKey):
        signature = private_key.sign(payload, ec.ECDSA(hashes.SHA256()))
    elif isinstance(private_key, rsa.RSAPrivateKey):
        signature = private_key.sign(payload, padding.PKCS1v15(), hashes.SHA256())
    else:
        signature = private_key.sign(payload)
    print(json.dumps({"mimeType": MIME_TYPE, "payload": base64.b64encode(payload).decode(),
                      "annotations": {SIGNATURE_ANNOTATION: base64.b64encode(signature).decode()}}))


def verify(public_path, signature_path):
    public_key = serialization.load_pem_public_key(open(public_path, "rb").read())
    sig = json.load(open(signature_path))
    if sig["mimeType"] != MIME_TYPE:
        raise SystemExit("unexpected mimeType " + sig["mimeType"])
    payload = base64.b64decode(sig["payload"])
    signature = base64.b64decode(sig["annotations"][SIGNATURE_ANNOTATION])
    try:
        if isinstance(public_key, ec.EllipticCurvePublicKey):
            public_key.verify(signature, payload, ec.ECDSA(hashes.SHA256()))
        elif isinstance(public_key, rsa.RSAPublicKey):
            public_key.verify(signature, payload, padding.PKCS1v15(), hashes.SHA256())
        else:
            public_key.verify(signature, payload)
    except Exception:
        raise SystemExit("invalid signature")
    parsed = json.loads(payload)
    assert parsed["critical"]["type"] == "cosign container image signature"
    print(payload.decode())


def main(argv):
    command, args = argv[1], argv[2:]
    if command == "generate":
        generate(args[0], args[1].encode(), int(args[2]) if len(args) > 2 else 32768)
    elif command == "decrypt":
        print(public_pem(load_private(args[0], args[1].encode()).public_key()), end="")
    elif command == "sign":
        sign(args[0], args[1].encode(), args[2], args[3])
    elif command == "verify":
        verify(args[0], args[1])
    elif command == "seal":
        for i in range(0, len(args), 3):
            print(seal(bytes.fromhex(args[i]), bytes.fromhex(args[i + 1]), bytes.fromhex(args[i + 2])).hex())
    elif command == "open":
        for i in range(0, len(args), 3):
            message = open_box(bytes.fromhex(args[i]), bytes.fromhex(args[i + 1]), bytes.fromhex(args[i + 2]))
            print("forged" if message is None else message.hex())
    else:
        raise SystemExit("unknown command " + command)


if __name__ == "__main__":
    main(sys.argv)
