package dev.skiff.transport;

/**
 * A reference whose manifest is made up as it is read (a {@code docker save} archive stores layers
 * uncompressed and no manifest of the kind a registry holds), so a copy of the image never has the
 * same manifest digest. The same image is known instead by its config digest (the image ID), which
 * a copy keeps. A sync compares configs for these sources to decide "up to date".
 */
public interface ConfigIdentity {}
