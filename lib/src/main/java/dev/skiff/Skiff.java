package dev.skiff; public final class Skiff { private Skiff() {} }
