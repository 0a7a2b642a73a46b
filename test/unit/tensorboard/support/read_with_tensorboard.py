"""Reads a runs folder with TensorBoard's own code and prints what it found, as JSON.

Run by test/unit/tensorboard/realTensorBoard.test.ts with the Python of a virtual environment that
has `tensorboard` and `pillow`: python read_with_tensorboard.py RUNS_FOLDER. It decodes nothing by
hand: the event files go through EventMultiplexer (the loader `tensorboard --load_fast=false`
uses, with data_compat's migration of TF1 images and histograms), plugin contents through each
plugin's own metadata parser, projector_config.pbtxt through protobuf's text_format and the
projector plugin's TSV reader.
"""

import io
import json
import os
import sys

import numpy as np
from google.protobuf import text_format
from PIL import Image
from tensorboard.backend.event_processing import plugin_event_multiplexer
from tensorboard.plugins.hparams import metadata as hparams_metadata
from tensorboard.plugins.pr_curve import metadata as pr_metadata
from tensorboard.plugins.projector import projector_config_pb2
from tensorboard.plugins.projector import projector_plugin
from tensorboard.util import tensor_util

PLUGINS = ["scalars", "images", "histograms", "pr_curves", "hparams"]


def main(runs_folder):
    multiplexer = plugin_event_multiplexer.EventMultiplexer(size_guidance={"tensors": 0, "scalars": 0})
    multiplexer.AddRunsFromDirectory(runs_folder)
    multiplexer.Reload()
    found = {"plugins": {}, "images": [], "pr_curves": [], "histograms": [], "hparams": [], "scalars": {}, "projector": []}
    for plugin in PLUGINS:
        found["plugins"][plugin] = {run: sorted(tags) for run, tags in multiplexer.PluginRunToTagToContent(plugin).items()}

    for run, tags in multiplexer.PluginRunToTagToContent("images").items():
        for tag in tags:
            for event in multiplexer.Tensors(run, tag):
                width, height, encoded = tensor_util.make_ndarray(event.tensor_proto)[:3]
                picture = Image.open(io.BytesIO(encoded))
                picture.load()
                found["images"].append({
                    "run": run, "tag": tag, "step": event.step,
                    "stated": [int(width), int(height)], "decoded": list(picture.size), "format": picture.format,
                    "description": multiplexer.SummaryMetadata(run, tag).summary_description,
                })

    for run, tags in multiplexer.PluginRunToTagToContent("pr_curves").items():
        for tag, content in tags.items():
            num_thresholds = pr_metadata.parse_plugin_metadata(content).num_thresholds
            for event in multiplexer.Tensors(run, tag):
                data = tensor_util.make_ndarray(event.tensor_proto).astype(np.float64)
                tp, fp, tn, fn, precision, recall = data
                expected_precision = tp / np.maximum(1e-7, tp + fp)
                expected_recall = tp / np.maximum(1e-7, tp + fn)
                found["pr_curves"].append({
                    "run": run, "tag": tag, "step": event.step, "dtype": data.dtype.name,
                    "shape": list(data.shape), "num_thresholds": num_thresholds,
                    "examples": float(tp[0] + fp[0] + tn[0] + fn[0]),
                    "precision_error": float(np.max(np.abs(precision - expected_precision))),
                    "recall_error": float(np.max(np.abs(recall - expected_recall))),
                    "monotone": bool(np.all(np.diff(tp) <= 0) and np.all(np.diff(fp) <= 0)),
                })

    for run, tags in multiplexer.PluginRunToTagToContent("histograms").items():
        for tag in tags:
            for event in multiplexer.Tensors(run, tag):
                buckets = tensor_util.make_ndarray(event.tensor_proto)
                found["histograms"].append({"run": run, "tag": tag, "step": event.step, "shape": list(buckets.shape), "count": float(buckets[:, 2].sum())})

    for run, tags in multiplexer.PluginRunToTagToContent("hparams").items():
        for tag, content in tags.items():
            entry = {"run": run, "tag": tag}
            if tag == hparams_metadata.EXPERIMENT_TAG:
                experiment = hparams_metadata.parse_experiment_plugin_data(content)
                entry["hparams"] = [{"name": h.name, "type": h.type, "domain": h.WhichOneof("domain")} for h in experiment.hparam_infos]
                entry["metrics"] = [{"group": m.name.group, "tag": m.name.tag} for m in experiment.metric_infos]
            elif tag == hparams_metadata.SESSION_START_INFO_TAG:
                start = hparams_metadata.parse_session_start_info_plugin_data(content)
                entry["values"] = {key: value.WhichOneof("kind") for key, value in start.hparams.items()}
                entry["start_time_secs"] = start.start_time_secs
            elif tag == hparams_metadata.SESSION_END_INFO_TAG:
                end = hparams_metadata.parse_session_end_info_plugin_data(content)
                entry["status"] = end.status
            found["hparams"].append(entry)

    for run, tags in multiplexer.PluginRunToTagToContent("scalars").items():
        found["scalars"][run] = {tag: [float(e.tensor_proto.float_val[0]) if e.tensor_proto.float_val else float(tensor_util.make_ndarray(e.tensor_proto)) for e in multiplexer.Tensors(run, tag)] for tag in tags}

    for directory, _, files in os.walk(runs_folder):
        if "projector_config.pbtxt" not in files:
            continue
        config = projector_config_pb2.ProjectorConfig()
        with open(os.path.join(directory, "projector_config.pbtxt"), encoding="utf-8") as f:
            text_format.Parse(f.read(), config)
        for embedding in config.embeddings:
            tensor = projector_plugin._read_tensor_tsv_file(os.path.join(directory, embedding.tensor_path))
            with open(os.path.join(directory, embedding.metadata_path), encoding="utf-8") as f:
                lines = f.read().rstrip("\n").split("\n")
            sprite = Image.open(os.path.join(directory, embedding.sprite.image_path))
            found["projector"].append({
                "folder": os.path.relpath(directory, runs_folder),
                "tensor_name": embedding.tensor_name,
                "tensor_shape": list(embedding.tensor_shape),
                "tensor": list(tensor.shape),
                "header": lines[0].split("\t"),
                "metadata_rows": len(lines) - 1,
                "metadata_columns": sorted({len(line.split("\t")) for line in lines}),
                "single_image_dim": list(embedding.sprite.single_image_dim),
                "sprite": list(sprite.size),
            })
    json.dump(found, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1])
