"""BaxBench: can LLMs write correct and secure web backends?"""

__version__ = "0.1.0"
