"""The Panoramica screen: progress per axis and the monitoring dashboard."""
