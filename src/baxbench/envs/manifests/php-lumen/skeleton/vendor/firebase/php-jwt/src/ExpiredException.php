<?php

namespace Firebase\JWT;

/** The token has expired. */
class ExpiredException extends \UnexpectedValueException
{
}
