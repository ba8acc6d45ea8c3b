"""The SDK's own storage and preview URLs of an image, opened with no token:
`full_storage_url`, `ImageInfo.preview_url` and `api.image.preview_url`
(the signature inside the path must survive the SDK's URL building)."""

import json
import os

import requests
import supervisely as sly
from supervisely._utils import resize_image_url

api = sly.Api.from_env()
info = api.image.get_info_by_id(int(os.environ["IMAGE_ID"]))
urls = {
    "original": info.full_storage_url,
    "info_preview": info.preview_url,
    "resized": resize_image_url(info.full_storage_url, width=64),
    "api_preview": api.image.preview_url(info.full_storage_url, width=48, height=0),  # None would send "None"
}
answers = {name: requests.get(url, timeout=30) for name, url in urls.items()}
print(
    json.dumps(
        {
            "urls": urls,
            "status": {name: r.status_code for name, r in answers.items()},
            "types": {name: r.headers.get("content-type") for name, r in answers.items()},
        }
    )
)
