<?php

namespace Firebase\JWT;

/** The signature is not valid. */
class SignatureInvalidException extends \UnexpectedValueException
{
}
