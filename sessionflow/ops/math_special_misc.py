"""Dawson's integral, the exponential integral Ei, the Fresnel integrals and Spence's dilogarithm (Dawsn,
Expint, FresnelCos, FresnelSin, Spence: `tf.math.special.*`), with TF's gradients.

Each kernel evaluates Cephes' rational approximations on their intervals (the ones TF's kernels use) in the
op's own precision, as TF (float32 arithmetic for float32); the coefficients are Cephes' published ones. Ei is NaN for x < 0 and at +inf, -inf at 0;
Spence is NaN for x < 0.
"""

from __future__ import annotations

import math

import numpy as np

from ..framework import dtypes
from ..framework.api import tf_export
from ..framework.graph import get_default_graph
from . import math as math_ops
from .constant import convert_to_tensor
from .math_special_bessel import polevl

_FLOATS = (dtypes.float16, dtypes.bfloat16, dtypes.float32, dtypes.float64)

# Dawson's integral on [0, 3.25), [3.25, 6.25), [6.25, 1e9).
_DAWSN_AN = (1.13681498971755972054E-11, 8.49262267667473811108E-10, 1.94434204175553054283E-8,
             9.53151741254484363489E-7, 3.07828309874913200438E-6, 3.52513368520288738649E-4,
             -8.50149846724410912031E-4, 4.22618223005546594270E-2, -9.17480371773452345351E-2,
             9.99999999999999994612E-1)
_DAWSN_AD = (2.40372073066762605484E-11, 1.48864681368493396752E-9, 5.21265281010541664570E-8,
             1.27258478273186970203E-6, 2.32490249820789513991E-5, 3.25524741826057911661E-4,
             3.48805814657162590916E-3, 2.79448531198828973716E-2, 1.58874241960120565368E-1,
             5.74918629489320327824E-1, 1.00000000000000000539E0)
_DAWSN_BN = (5.08955156417900903354E-1, -2.44754418142697847934E-1, 9.41512335303534411857E-2,
             -2.18711255142039025206E-2, 3.66207612329569181322E-3, -4.23209114460388756528E-4,
             3.59641304793896631888E-5, -2.14640351719968974225E-6, 9.10010780076391431042E-8,
             -2.40274520828250956942E-9, 3.59233385440928410398E-11)
_DAWSN_BD = (1.0, -6.31839869873368190192E-1, 2.36706788228248691528E-1, -5.31806367003223277662E-2,
             8.48041718586295374409E-3, -9.47996768486665330168E-4, 7.81025592944552338085E-5,
             -4.55875153252442634831E-6, 1.89100358111421846170E-7, -4.91324691331920606875E-9,
             7.18466403235734541950E-11)
_DAWSN_CN = (-5.90592860534773254987E-1, 6.29235242724368800674E-1, -1.72858975380388136411E-1,
             1.64837047825189632310E-2, -4.86827613020462700845E-4)
_DAWSN_CD = (1.0, -2.69820057197544900361E0, 1.73270799045947845857E0, -3.93708582281939493482E-1,
             3.44278924041233391079E-2, -9.73655226040941223894E-4)

# Ei(x): x A(x)/B(x) + EUL + log(x) on (0, 2); beyond, exp(x)/x (1 + R(1/x)/x) on [2, 4), [4, 8), ...
_EI_SMALL_A = (-5.350447357812542947283E0, 2.185049168816613393830E2, -4.176572384826693777058E3,
               5.541176756393557601232E4, -3.313381331178144034309E5, 1.592627163384945414220E6)
_EI_SMALL_B = (1.0, -5.250547959112862969197E1, 1.259616186786790571525E3, -1.756549581973534652631E4,
               1.493062117002725991967E5, -7.294949239640527645655E5, 1.592627163384945429726E6)
_EI_INTERVALS = (  # (upper bound, numerator, denominator)
    (4.0, (1.981808503259689673238E-2, -1.271645625984917501326E0, -2.088160335681228318920E0,
           2.755544509187936721172E0, -4.409507048701600257171E-1, 4.665623805935891391017E-2,
           -1.545042679673485262580E-3, 7.059980605299617478514E-5),
     (1.0, 1.476498670914921440652E0, 5.629177174822436244827E-1, 1.699017897879307263248E-1,
      2.291647179034212017463E-2, 4.450150439728752875043E-3, 1.727439612206521482874E-4,
      3.953167195549672482304E-5)),
    (8.0, (-1.373215375871208729803E0, -7.084559133740838761406E-1, 1.580806855547941010501E0,
           -2.601500427425622944234E-1, 2.994674694113713763365E-2, -1.038086040188744005513E-3,
           4.371064420753005429514E-5, 2.141783679522602903795E-6),
     (1.0, 8.585231423622028380768E-1, 4.483285822873995129957E-1, 7.687932158124475434091E-2,
      2.449868241021887685904E-2, 8.832165941927796567926E-4, 4.590952299511353531215E-4,
      -4.729848351866523044863E-6, 2.665195537390710170105E-6)),
    (16.0, (-2.106934601691916512584E0, 1.732733869664688041885E0, -2.423619178935841904839E-1,
            2.322724180937565842585E-2, 2.372880440493179832059E-4, -8.343219561192552752335E-5,
            1.363408795605250394881E-5, -3.655412321999253963714E-7, 1.464941733975961318456E-8,
            6.176407863710360207074E-10),
     (1.0, -2.298062239901678075778E-1, 1.105077041474037862347E-1, -1.566542966630792353556E-2,
      2.761106850817352773874E-3, -2.089148012284048449115E-4, 1.708528938807675304186E-5,
      -4.459311796356686423199E-7, 1.394634930353847498145E-8, 6.150865933977338354138E-10)),
    (32.0, (-2.458119367674020323359E-1, -1.483382253322077687183E-1, 7.248291795735551591813E-2,
            -1.348315687380940523823E-2, 1.342775069788636972294E-3, -7.942465637159712264564E-5,
            2.644179518984235952241E-6, -4.239473659313765177195E-8),
     (1.0, -1.044225908443871106315E-1, -2.676453128101402655055E-1, 9.695000254621984627876E-2,
      -1.601745692712991078208E-2, 1.496414899205908021882E-3, -8.462452563778485013756E-5,
      2.728938403476726394024E-6, -4.239462431819542051337E-8)),
    (64.0, (1.212561118105456670844E-1, -5.823133179043894485122E-1, 2.348887314557016779211E-1,
            -3.040034318113248237280E-2, 1.510082146865190661777E-3, -2.523137095499571377122E-5),
     (1.0, -1.002252150365854016662E0, 2.928709694872224144953E-1, -3.337004338674007801307E-2,
      1.560544881127388842819E-3, -2.523137093603234562648E-5)),
    (np.inf, (-7.657847078286127362028E-1, 6.886192415566705051750E-1, -2.132598113545206124553E-1,
              3.346107552384193813594E-2, -3.076541477344756050249E-3, 1.747119316454907477380E-4,
              -6.103711682274170530369E-6, 1.218032765428652199087E-7, -1.086076102793290233007E-9),
     (1.0, -1.888802868662308731041E0, 1.066691687211408896850E0, -2.751915982306380647738E-1,
      3.930852688233823569726E-2, -3.414684558602365085394E-3, 1.866844370703555398195E-4,
      -6.345146083130515357861E-6, 1.239754287483206878024E-7, -1.086076102793126632978E-9)),
)
_EULER = 0.5772156649015329

# Fresnel integrals: power series for x^2 < 2.5625, the auxiliary functions f, g beyond.
_FRESNEL_CN = (-4.98843114573573548651E-8, 9.50428062829859605134E-6, -6.45191435683965050962E-4,
               1.88843319396703850064E-2, -2.05525900955013891793E-1, 9.99999999999999998822E-1)
_FRESNEL_CD = (3.99982968972495980367E-12, 9.15439215774657478799E-10, 1.25001862479598821474E-7,
               1.22262789024179030997E-5, 8.68029542941784300606E-4, 4.12142090722199792936E-2,
               1.00000000000000000118E0)
_FRESNEL_SN = (-2.99181919401019853726E3, 7.08840045257738576863E5, -6.29741486205862506537E7,
               2.54890880573376359104E9, -4.42979518059697779103E10, 3.18016297876567817986E11)
_FRESNEL_SD = (1.0, 2.81376268889994315696E2, 4.55847810806532581675E4, 5.17343888770096400730E6,
               4.19320245898111231129E8, 2.24411795645340920940E10, 6.07366389490084639049E11)
_FRESNEL_FN = (4.21543555043677546506E-1, 1.43407919780758885261E-1, 1.15220955073585758835E-2,
               3.45017939782574027900E-4, 4.63613749287867322088E-6, 3.05568983790257605827E-8,
               1.02304514164907233465E-10, 1.72010743268161828879E-13, 1.34283276233062758925E-16,
               3.76329711269987889006E-20)
_FRESNEL_FD = (1.0, 7.51586398353378947175E-1, 1.16888925859191382142E-1, 6.44051526508858611005E-3,
               1.55934409164153020873E-4, 1.84627567348930545870E-6, 1.12699224763999035261E-8,
               3.60140029589371370404E-11, 5.88754533621578410010E-14, 4.52001434074129701496E-17,
               1.25443237090011264384E-20)
_FRESNEL_GN = (5.04442073643383265887E-1, 1.97102833525523411709E-1, 1.87648584092575249293E-2,
               6.84079380915393090172E-4, 1.15138826111884280931E-5, 9.82852443688422223854E-8,
               4.45344415861750144738E-10, 1.08268041139020870318E-12, 1.37555460633261799868E-15,
               8.36354435630677421531E-19, 1.86958710162783235106E-22)
_FRESNEL_GD = (1.0, 1.47495759925128324529E0, 3.37748989120019970451E-1, 2.53603741420338795122E-2,
               8.14679107184306179049E-4, 1.27545075667729118702E-5, 1.04314589657571990585E-7,
               4.60680728146520428211E-10, 1.10273215066240270757E-12, 1.38796531259578871258E-15,
               8.39158816283118707363E-19, 1.86958710162783236342E-22)

_SPENCE_A = (4.65128586073990045278E-5, 7.31589045238094711071E-3, 1.33847639578309018650E-1,
             8.79691311754530315341E-1, 2.71149851196553469920E0, 4.25697156008121755724E0,
             3.29771340985225106936E0, 1.00000000000000000126E0)
_SPENCE_B = (6.90990488912553276999E-4, 2.54043763932544379113E-2, 2.82974860602568089943E-1,
             1.41172597751831069617E0, 3.63800533345137075418E0, 5.03278880143316990390E0,
             3.54771340985225096217E0, 9.99999999999999998740E-1)
_PI2O6 = math.pi * math.pi / 6.0


def dawsn(xp, x):
    ax = np.abs(x)
    with np.errstate(all="ignore"):
        x2 = ax * ax
        first = ax * polevl(x2, _DAWSN_AN) / polevl(x2, _DAWSN_AD)
        inv2 = 1.0 / x2

        def tail(num, den):
            return 0.5 * (inv2 * (polevl(inv2, num) / (ax * polevl(inv2, den))) + 1.0 / ax)

        out = np.where(ax < 3.25, first, np.where(ax < 6.25, tail(_DAWSN_BN, _DAWSN_BD),
                                                  np.where(ax < 1.0e9, tail(_DAWSN_CN, _DAWSN_CD), 0.5 / ax)))
    return np.where(x < 0, -out, out)


def expint(xp, x):
    with np.errstate(all="ignore"):
        out = x * polevl(x, _EI_SMALL_A) / polevl(x, _EI_SMALL_B) + _EULER + np.log(x)
        w = 1.0 / x
        lower = 2.0
        for upper, num, den in _EI_INTERVALS:
            f = w * (polevl(w, num) / polevl(w, den)) + 1.0
            out = np.where((x >= lower) & (x < upper), np.exp(x) * w * f, out)
            lower = upper
    return np.where(x < 0, np.nan, out)


def _fresnel(x, sine):
    ax = np.abs(x)
    with np.errstate(all="ignore"):
        x2 = ax * ax
        x4 = x2 * x2
        if sine:
            series = ax * x2 * polevl(x4, _FRESNEL_SN) / polevl(x4, _FRESNEL_SD)
        else:
            series = ax * polevl(x4, _FRESNEL_CN) / polevl(x4, _FRESNEL_CD)
        t = 1.0 / (math.pi * x2)
        u = t * t
        f = 1.0 - u * (polevl(u, _FRESNEL_FN) / polevl(u, _FRESNEL_FD))
        g = t * polevl(u, _FRESNEL_GN) / polevl(u, _FRESNEL_GD)
        z = (math.pi / 2) * x2
        c, s = np.cos(z), np.sin(z)
        y = 1.0 / (math.pi * ax)
        asymptotic = 0.5 - (f * c + g * s) * y if sine else 0.5 + (f * s - g * c) * y
    out = np.where(x2 < 2.5625, series, asymptotic)
    out = np.where(ax > 36974.0, 0.5, out)
    return np.where(x < 0, -out, out)


def fresnel_cos(xp, x):
    return _fresnel(x, False)


def fresnel_sin(xp, x):
    return _fresnel(x, True)


def spence(xp, x):
    with np.errstate(all="ignore"):
        y = np.where(x < 2.0, x, 1.0 / x)
        w = np.where(y > 1.5, 1.0 / y - 1.0, np.where(y < 0.5, -y, y - 1.0))
        out = -w * polevl(w, _SPENCE_A) / polevl(w, _SPENCE_B)
        z = np.log(y)
        out = np.where(y < 0.5, -z * np.log1p(-y) + _PI2O6 - out, out)
        out = np.where(x > 1.5, -0.5 * z * z - out, out)
    out = np.where(x == 1.0, 0.0, np.where(x == 0.0, _PI2O6, out))
    return np.where(x < 0, np.nan, out)


# --- ops -------------------------------------------------------------------------------------

_SAMPLES = [((np.array([0.5, 1.5, 3.0, 9.0]),), {}), ((np.array([[0.25, 2.5], [6.0, 12.0]], np.float32),), {})]
M = math_ops


def _c(value, like):
    return convert_to_tensor(value, dtype=like.dtype.base_dtype)


def _grad(partial):
    def grad(op_, g):
        from ..framework.scopes import control_dependencies

        x, y = op_.inputs[0], op_.outputs[0]
        with control_dependencies([g]):
            return (M.multiply(g, partial(x, y)),)

    return grad


def _spence_partial(x, y):
    from .array import ones_like
    from .array_index import where_v2

    partial = M.div(M.log(x), M.subtract(_c(1.0, x), x))
    return where_v2(M.equal(x, _c(1.0, x)), M.negative(ones_like(x)), partial)


def _in_own_precision(fn):
    """TF's kernels run these Cephes algorithms in the op's own float type: float32 in float32 arithmetic
    (so float32 results carry float32's rounding as TF's do), float64 in float64; float16 and bfloat16 in
    float32."""
    return lambda xp, x: fn(xp, np.asarray(x, np.float64 if x.dtype == np.float64 else np.float32))


def _declare(type_name, fn, partial):
    return M.unary(type_name, _in_own_precision(fn), _FLOATS, grad=_grad(partial), samples=_SAMPLES)


Dawsn = _declare("Dawsn", dawsn, lambda x, y: M.subtract(_c(1.0, x), M.multiply(M.multiply(_c(2.0, x), x), y)))
Expint = _declare("Expint", expint, lambda x, y: M.div(M.exp(x), x))
FresnelCos = _declare("FresnelCos", fresnel_cos, lambda x, y: M.cos(M.multiply(_c(np.pi / 2, x), M.square(x))))
FresnelSin = _declare("FresnelSin", fresnel_sin, lambda x, y: M.sin(M.multiply(_c(np.pi / 2, x), M.square(x))))
Spence = _declare("Spence", spence, _spence_partial)


def _public(opdef, short):
    def fn(x, name=None):
        with get_default_graph().name_scope(name or short):
            return opdef(convert_to_tensor(x, name="x"))

    fn.__name__ = fn.__qualname__ = short
    fn.__doc__ = f"`tf.math.special.{short}`: elementwise {opdef.type} (the op in a name scope `{short}`, as TF)."
    return tf_export(f"math.special.{short}")(fn)


dawsn_fn = _public(Dawsn, "dawsn")
expint_fn = _public(Expint, "expint")
fresnel_cos_fn = _public(FresnelCos, "fresnel_cos")
fresnel_sin_fn = _public(FresnelSin, "fresnel_sin")
spence_fn = _public(Spence, "spence")
