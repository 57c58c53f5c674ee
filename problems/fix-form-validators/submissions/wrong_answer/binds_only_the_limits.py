def build_validators(rules):
    validators = {}
    for field, shortest, longest in rules:
        def check(value, shortest=shortest, longest=longest):
            size = len(value.strip())
            if size < shortest or size > longest:
                return f"{field} must be {shortest} to {longest} characters"
            return None
        validators[field] = check
    return validators


def validate(form, rules):
    validators = build_validators(rules)
    errors = {}
    for field, check in validators.items():
        message = check(form.get(field, ""))
        if message is not None:
            errors[field] = message
    return errors
