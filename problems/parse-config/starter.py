def parse_config(text, strict=True):
    """Parse 'key = value' lines into a dict.

    strict=True: raise ValueError('line N: ...') on the first malformed line.
    strict=False: skip malformed lines and return (config, [their line numbers]).
    """
    ...
