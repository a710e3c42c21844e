"""Blob Storage REST calls the benchmark driver makes itself: service SAS
tokens signed with the account key, and container create, delete and list."""

import base64
import datetime
import hashlib
import hmac
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ElementTree

# Azurite's published development account. Its key is in Azurite's
# documentation and is not a secret.
ACCOUNT = "devstoreaccount1"
ACCOUNT_KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
SAS_VERSION = "2020-12-06"


def _sign(fields):
    """Returns the base64 HMAC-SHA256 of the newline-joined fields under the account key."""
    key = base64.b64decode(ACCOUNT_KEY)
    digest = hmac.new(key, "\n".join(fields).encode(), hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


class Account:
    """The development account on one Azurite endpoint (http://127.0.0.1:PORT)."""

    def __init__(self, port):
        self.url = f"http://127.0.0.1:{port}/{ACCOUNT}"

    def connection_string(self):
        return (f"DefaultEndpointsProtocol=http;AccountName={ACCOUNT};AccountKey={ACCOUNT_KEY};"
                f"BlobEndpoint={self.url};")

    def container_sas(self, container, permissions="racwdl", hours=12):
        """Returns a service SAS query string (no leading '?') for one container,
        signed as the 2020-12-06 service version defines the string to sign."""
        expiry = self._expiry(hours)
        resource = f"/blob/{ACCOUNT}/{container}"
        # permissions, start, expiry, resource, identifier, IP, protocol, version,
        # resource type, snapshot time, encryption scope, then five response headers.
        fields = [permissions, "", expiry, resource, "", "", "http", SAS_VERSION, "c", "", "",
                  "", "", "", "", ""]
        query = {"sv": SAS_VERSION, "spr": "http", "se": expiry, "sr": "c", "sp": permissions,
                 "sig": _sign(fields)}
        return urllib.parse.urlencode(query)

    @staticmethod
    def _expiry(hours):
        expiry = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=hours)
        return expiry.strftime("%Y-%m-%dT%H:%M:%SZ")

    def account_sas(self, hours=12):
        """Returns an account SAS query string for every Blob operation, used
        for container create and delete, which a service SAS cannot authorize."""
        expiry = self._expiry(hours)
        permissions, services, types = "racwdl", "b", "sco"
        # account, permissions, services, resource types, start, expiry, IP,
        # protocol, version, encryption scope, and a trailing empty field.
        fields = [ACCOUNT, permissions, services, types, "", expiry, "", "http", SAS_VERSION, "", ""]
        query = {"sv": SAS_VERSION, "ss": services, "srt": types, "sp": permissions, "se": expiry,
                 "spr": "http", "sig": _sign(fields)}
        return urllib.parse.urlencode(query)

    def container_url(self, container, sas=True):
        url = f"{self.url}/{container}"
        return f"{url}?{self.container_sas(container)}" if sas else url

    def blob_url(self, container, blob, sas=True):
        url = f"{self.url}/{container}/{urllib.parse.quote(blob)}"
        return f"{url}?{self.container_sas(container)}" if sas else url

    def _request(self, method, container, query):
        sas = self.account_sas()
        url = f"{self.url}/{container}?{query}&{sas}"
        request = urllib.request.Request(url, method=method, headers={"x-ms-version": SAS_VERSION})
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.read()

    def create_container(self, container):
        self._request("PUT", container, "restype=container")

    def delete_container(self, container):
        """Deletes a container; a container that does not exist is not an error."""
        try:
            self._request("DELETE", container, "restype=container")
        except urllib.error.HTTPError as error:
            if error.code != 404:
                raise

    def list_blobs(self, container, prefix=""):
        """Returns {name: size} for every blob in the container under prefix."""
        blobs = {}
        marker = ""
        while True:
            query = urllib.parse.urlencode({"restype": "container", "comp": "list", "prefix": prefix,
                                            "marker": marker, "maxresults": "5000"})
            root = ElementTree.fromstring(self._request("GET", container, query))
            for blob in root.iter("Blob"):
                size = blob.find("Properties/Content-Length")
                blobs[blob.findtext("Name")] = int(size.text) if size is not None else 0
            marker = root.findtext("NextMarker") or ""
            if not marker:
                return blobs
