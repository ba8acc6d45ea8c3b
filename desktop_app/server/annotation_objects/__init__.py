"""The SDK's piecewise annotation methods for items whose objects outlive a
single figure (videos, point clouds): annotation-objects.bulk.add,
annotation-objects.tags.bulk.add and figures.bulk.add. dispatch.py sends each
request to the handler of the item's project type."""
