<?php

namespace Firebase\JWT;

/** The token is not valid yet. */
class BeforeValidException extends \UnexpectedValueException
{
}
