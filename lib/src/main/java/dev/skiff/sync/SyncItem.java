package dev.skiff.sync;

import dev.skiff.transport.ImageReference;
import dev.skiff.transport.TransportOptions;

/** One image a plan expands to: where it is read, with which options, and where it goes. */
public record SyncItem(ImageReference source, TransportOptions sourceOptions, ImageReference destination) {}
