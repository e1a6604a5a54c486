"""Other SDKs' names for the same operations: openai-python's client constructors, the Azure
JS SDK's methods, the trigger.dev helpers and the v1 wire's assistant and message file
methods."""
